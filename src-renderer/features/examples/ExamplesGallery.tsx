import { useEffect, useState } from 'react';
import type { Example } from '@common/contract/api';
import { errorMessage, getClient } from '../../api';

/** Props of `ExamplesGallery`. */
export interface ExamplesGalleryProps {
  onOpen(example: Example): void;
}

/** The examples gallery shown at first start: one card per example, each with an Open button. */
export function ExamplesGallery({ onOpen }: ExamplesGalleryProps) {
  const [examples, setExamples] = useState<Example[] | undefined>();
  const [error, setError] = useState<string | undefined>();

  useEffect(() => {
    let live = true;
    getClient()
      ['examples.list']({})
      .then((list) => live && setExamples(list))
      .catch((e: unknown) => live && setError(errorMessage(e)));
    return () => {
      live = false;
    };
  }, []);

  return (
    <section className="gallery" aria-labelledby="gallery-title">
      <h2 id="gallery-title">Examples</h2>
      <p className="muted">Open an example to see its definition, run it against its mocks, and watch its history fill in.</p>
      {error !== undefined && <p role="alert">Cannot load the examples: {error}</p>}
      {examples === undefined && error === undefined && <p role="status">Loading examples…</p>}
      {examples !== undefined && examples.length === 0 && <p>No examples were found in resources/examples.</p>}
      <ul className="cards" aria-label="Examples">
        {examples?.map((example) => (
          <li key={example.id} className="card" aria-labelledby={`example-${example.id}`}>
            <h3 id={`example-${example.id}`}>{example.title}</h3>
            <p>{example.summary}</p>
            {example.teaches.length > 0 && (
              <ul className="teaches" aria-label={`What ${example.title} shows`}>
                {example.teaches.map((t) => (
                  <li key={t}>{t}</li>
                ))}
              </ul>
            )}
            {example.testCases.length > 0 && (
              <p className="muted">Test cases: {example.testCases.map((t) => t.name).join(', ')}</p>
            )}
            <button type="button" onClick={() => onOpen(example)} aria-label={`Open ${example.title}`}>
              Open
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
