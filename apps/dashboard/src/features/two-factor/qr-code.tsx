import { useEffect, useState } from 'react';

/**
 * A QR code drawn as an SVG path from uqr's module matrix (no innerHTML). uqr is imported here only, when the
 * setup shows: it stays out of every other chunk (docs/ARCHITECTURE.md, "Why each dependency").
 */
export function QrCode({ text, label }: { text: string; label: string }) {
  const [matrix, setMatrix] = useState<boolean[][] | null>(null);
  useEffect(() => {
    let isCurrent = true;
    void import('uqr').then(({ encode }) => {
      if (isCurrent) setMatrix(encode(text, { ecc: 'M', border: 2 }).data);
    });
    return () => {
      isCurrent = false;
    };
  }, [text]);
  if (!matrix) return <div className="qr-code" aria-busy="true" />;
  let d = '';
  for (const [y, row] of matrix.entries())
    for (const [x, isDark] of row.entries()) if (isDark) d += `M${x} ${y}h1v1h-1z`;
  return (
    <svg className="qr-code" viewBox={`0 0 ${matrix.length} ${matrix.length}`} role="img" aria-label={label}>
      <rect width="100%" height="100%" fill="#fff" />
      <path d={d} fill="#000" shapeRendering="crispEdges" />
    </svg>
  );
}
