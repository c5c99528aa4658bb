/** The Step Functions API endpoint in the top bar: its URL, and the desktop app's setting. */
export { SfnApiSetting } from './SfnApiSetting';
