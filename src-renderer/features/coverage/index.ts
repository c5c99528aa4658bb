/** Test-suite coverage drawn on the graph (the file `stepscope test --coverage-file` writes). */
export { CoverageView, type CoverageViewProps } from './CoverageView';
export { parseCoverageFile, edgeCoverage, stateHits, heat, type CoverageMachine, type EdgeCoverage } from './coverageMap';
