/**
 * The application shell. The inspector views (graph, timeline, events, data flow) and the
 * service API they read from arrive with issues #5 and #6; until then the shell says so
 * instead of pretending.
 */
export function App() {
  return (
    <main aria-label="Stepscope" style={{ fontFamily: 'system-ui, sans-serif', padding: '2rem', maxWidth: '48rem' }}>
      <h1>Stepscope</h1>
      <p>
        The desktop inspector is not built yet. The engine and the <code>stepscope</code> command line are: run{' '}
        <code>npx stepscope --help</code> in a terminal.
      </p>
    </main>
  );
}
