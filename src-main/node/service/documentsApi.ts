import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { invalidInput } from '../../common/contract/errors';
import { openDefinition, withoutBom, type OpenDefinitionOptions } from '../../common/documents/loadDocument';
import { noSuchFileMessage } from './missingFile';
import { createS3FolderSource, s3RootProblem } from './s3Folder';
import type { ApiMethods, ServiceContext } from './serviceContext';

/**
 * `documents.open`: a definition from a file as the user has it, through the one loader
 * (common/documents/loadDocument), as the CLI opens it. Files a template names (DefinitionUri) are
 * read beside `path` only when the file at `path` holds the text given: the caller had that file;
 * else from `files`, the ones the user chose with it (the browser gives no paths).
 */
export function createDocumentMethods(ctx: ServiceContext): ApiMethods<'documents.open'> {
  return {
    'documents.open': async (input) => {
      const options: OpenDefinitionOptions = {
        ...(input.stateMachine !== undefined ? { stateMachine: input.stateMachine } : {}),
        ...(input.substitutions !== undefined ? { substitutions: input.substitutions } : {}),
        ...(ctx.options.arnScope !== undefined ? { scope: ctx.options.arnScope } : {}),
      };
      if (input.path !== undefined) {
        if (!isAbsolute(input.path)) throw invalidInput('must be an absolute path', '/path');
        const folder = dirname(input.path);
        let onDisk: string | undefined;
        try {
          onDisk = readFileSync(input.path, 'utf8');
        } catch {
          onDisk = undefined;
        }
        if (onDisk !== undefined && withoutBom(onDisk) === withoutBom(input.text)) {
          options.readRelative = (file) => {
            const full = resolve(folder, file);
            try {
              return readFileSync(full, 'utf8');
            } catch (error) {
              const code = (error as { code?: string }).code;
              throw new Error(code === 'ENOENT' ? noSuchFileMessage(full) : code === 'EISDIR' ? `it is a folder (${full})` : (code ?? String(error)));
            }
          };
        }
      }
      if (options.readRelative === undefined && input.files !== undefined) {
        // Files the user chose beside the template (the browser gives no paths): found by the path the template names.
        const given = new Map(Object.entries(input.files).map(([file, text]) => [linkedName(file), text]));
        options.readRelative = (file) => {
          const text = given.get(linkedName(file));
          if (text === undefined) throw new Error(`it was not among the files given (${[...given.keys()].join(', ')})`);
          return text;
        };
      }
      if (input.s3Root !== undefined) {
        const problem = s3RootProblem(input.s3Root);
        if (problem !== undefined) throw invalidInput(`"${input.s3Root}": ${problem}`, '/s3Root');
        const source = createS3FolderSource(input.s3Root);
        options.readS3Object = (bucket, key) => source.get(bucket, key)?.body;
      }
      return openDefinition(input.text, input.name, options);
    },
  };
}

/** A path as a template names a file: `./statemachine/x.json` and `statemachine/x.json` are one file. */
function linkedName(file: string): string {
  return file.replace(/\\/g, '/').replace(/^(\.\/)+/, '');
}
