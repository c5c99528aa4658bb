/**
 * The renderer-ready handshake of the desktop app. Main may be asked to open files before the page
 * can receive pushes (a file on the command line, from a second instance, from the Finder), or
 * while the page reloads. Pushes sent then are lost, so main keeps them in a gate until the page
 * says it has subscribed (the contract call `app.ready`), then delivers them in order. Nothing
 * here depends on timing: a page that is slow to load only makes the files wait longer.
 */

/** Items for the page, kept until it is ready for them. */
export interface RendererGate<T> {
  /** Delivers `item` at once when the page is ready; otherwise keeps it, after those already kept. */
  offer(item: T): void;
  /**
   * The page has subscribed: delivers every kept item once, in the order they were offered, and
   * lets later items straight through. Calling it again while ready does nothing.
   */
  ready(): void;
  /**
   * The page is going away (a reload or navigation, a crashed renderer, a closed window): items
   * are kept again until the next `ready`.
   */
  reset(): void;
  /** True between `ready` and the next `reset`. */
  readonly isReady: boolean;
  /** How many items are waiting for the page. */
  readonly waiting: number;
}

/**
 * A gate that hands items to `deliver`, which should not throw (a failure to open a file is
 * reported to the user by `deliver` itself). If one does throw, the items after it are still
 * delivered, then the first error is thrown again.
 */
export function createRendererGate<T>(deliver: (item: T) => void): RendererGate<T> {
  const kept: T[] = [];
  let isReady = false;
  return {
    offer(item) {
      if (isReady) deliver(item);
      else kept.push(item);
    },
    ready() {
      if (isReady) return;
      isReady = true;
      let failure: { error: unknown } | undefined;
      for (const item of kept.splice(0)) {
        try {
          deliver(item);
        } catch (error) {
          failure ??= { error };
        }
      }
      if (failure) throw failure.error;
    },
    reset() {
      isReady = false;
    },
    get isReady() {
      return isReady;
    },
    get waiting() {
      return kept.length;
    },
  };
}

/** The part of `did-start-navigation`'s first argument that says what is navigating. */
export interface NavigationDetails {
  isMainFrame: boolean;
  isSameDocument: boolean;
}

/** What a page's lifecycle is read from: Electron's `WebContents` (or an EventEmitter in tests). */
export interface PageEvents {
  on(event: 'did-start-navigation', listener: (details: NavigationDetails) => void): unknown;
  on(event: 'render-process-gone' | 'destroyed', listener: () => void): unknown;
  off(event: 'did-start-navigation', listener: (details: NavigationDetails) => void): unknown;
  off(event: 'render-process-gone' | 'destroyed', listener: () => void): unknown;
}

/**
 * Re-arms `gate` whenever the page shown by `contents` goes away: its main frame starts loading
 * another document (reload, navigation), its renderer process is gone, or it is destroyed. A
 * same-document navigation (a fragment, `pushState`) or a sub-frame keeps the page and its
 * subscription, so it changes nothing. Returns a disposer.
 */
export function rearmOnPageChange(contents: PageEvents, gate: Pick<RendererGate<unknown>, 'reset'>): () => void {
  const onNavigation = (details: NavigationDetails) => {
    if (details.isMainFrame && !details.isSameDocument) gate.reset();
  };
  const onGone = () => gate.reset();
  contents.on('did-start-navigation', onNavigation);
  contents.on('render-process-gone', onGone);
  contents.on('destroyed', onGone);
  return () => {
    contents.off('did-start-navigation', onNavigation);
    contents.off('render-process-gone', onGone);
    contents.off('destroyed', onGone);
  };
}
