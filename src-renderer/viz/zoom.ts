import { select, zoom, zoomIdentity, type ZoomBehavior } from 'd3';

/** Zoom and pan on an SVG, applied to one of its groups. */
export interface ZoomHandle {
  /** Scales and centres a box (in content coordinates) into the SVG's visible area; never zooms in past 1.25. */
  fit(box: { x: number; y: number; width: number; height: number }, animate?: boolean): void;
  /** Zooms by a factor around the centre. */
  zoomBy(factor: number): void;
  /** Removes the behaviour and its listeners. */
  dispose(): void;
}

/** Attaches d3-zoom (wheel, drag, pinch) to `svg`, transforming `content`. Returns a handle with a disposer. */
export function attachZoom(svg: SVGSVGElement, content: SVGGElement): ZoomHandle {
  const svgSel = select(svg);
  const behaviour: ZoomBehavior<SVGSVGElement, unknown> = zoom<SVGSVGElement, unknown>()
    .scaleExtent([0.1, 4])
    .on('zoom', (event: { transform: { toString(): string } }) => {
      content.setAttribute('transform', event.transform.toString());
    });
  svgSel.call(behaviour).on('dblclick.zoom', null);
  return {
    fit(box, animate = false) {
      const width = svg.clientWidth || 600;
      const height = svg.clientHeight || 400;
      if (box.width <= 0 || box.height <= 0) return;
      const k = Math.min(1.25, (width - 16) / box.width, (height - 16) / box.height);
      const t = zoomIdentity.translate(width / 2 - k * (box.x + box.width / 2), height / 2 - k * (box.y + box.height / 2)).scale(k);
      if (animate) svgSel.transition().duration(250).call(behaviour.transform, t);
      else svgSel.call(behaviour.transform, t);
    },
    zoomBy(factor) {
      svgSel.call(behaviour.scaleBy, factor);
    },
    dispose() {
      svgSel.on('.zoom', null);
      svgSel.interrupt();
    },
  };
}
