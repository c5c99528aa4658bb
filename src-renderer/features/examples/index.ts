/** The examples gallery feature. */
export { ExamplesGallery, type ExamplesGalleryProps } from './ExamplesGallery';
