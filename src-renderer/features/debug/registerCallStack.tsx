import { registerWorkspacePanel } from '../../app/layout';
import { CallStackPanel } from './CallStackPanel';

// The debugger's Call stack (issue #14): a section of the inspector column.
registerWorkspacePanel({
  id: 'call-stack',
  area: 'right',
  title: 'Call stack',
  order: 5,
  render: (context) => <CallStackPanel executionId={context.executionId} />,
});
