/** Shared React components. */
export { JsonView, type JsonViewProps } from './JsonView';
