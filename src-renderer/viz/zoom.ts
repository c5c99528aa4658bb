import { select, zoom, zoomIdentity, zoomTransform, type ZoomBehavior, type ZoomTransform } from 'd3';

/** Zoom and pan on an SVG, applied to one of its groups. */
export interface ZoomHandle {
  /** Scales and centres a box (in content coordinates) into the SVG's visible area; never zooms in past 1.25. */
  fit(box: { x: number; y: number; width: number; height: number }, animate?: boolean): void;
  /** Zooms by a factor around the centre. */
  zoomBy(factor: number): void;
  /** True while the view is where the last `fit` put it: the user has not zoomed or panned since (by any means). */
  isFitted(): boolean;
  /** After the view was resized from `previous`: keeps the zoom, and the content at the old centre at the new centre. */
  keepCentre(previous: { width: number; height: number }): void;
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
  /** The transform the last fit chose (compared with the current one: panning from the overview bypasses this behaviour's events). */
  let fitted: ZoomTransform | undefined;
  return {
    fit(box, animate = false) {
      const width = svg.clientWidth || 600;
      const height = svg.clientHeight || 400;
      if (box.width <= 0 || box.height <= 0) return;
      const k = Math.min(1.25, (width - 16) / box.width, (height - 16) / box.height);
      const t = zoomIdentity.translate(width / 2 - k * (box.x + box.width / 2), height / 2 - k * (box.y + box.height / 2)).scale(k);
      fitted = t;
      if (animate) svgSel.transition().duration(250).call(behaviour.transform, t);
      else svgSel.call(behaviour.transform, t);
    },
    zoomBy(factor) {
      svgSel.call(behaviour.scaleBy, factor);
    },
    isFitted() {
      if (fitted === undefined) return false;
      const t = zoomTransform(svg);
      return Math.abs(t.k - fitted.k) < 1e-6 && Math.abs(t.x - fitted.x) < 0.5 && Math.abs(t.y - fitted.y) < 0.5;
    },
    keepCentre(previous) {
      const t = zoomTransform(svg);
      const dx = (svg.clientWidth - previous.width) / 2;
      const dy = (svg.clientHeight - previous.height) / 2;
      if (dx !== 0 || dy !== 0) svgSel.interrupt().call(behaviour.transform, zoomIdentity.translate(t.x + dx, t.y + dy).scale(t.k));
    },
    dispose() {
      svgSel.on('.zoom', null);
      svgSel.interrupt();
    },
  };
}
