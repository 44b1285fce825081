import qrcode from "qrcode-generator";

/**
 * A QR code as SVG rects (no canvas, no data: image, nothing inline the CSP would block), so a phone's
 * authenticator app can scan the otpauth:// URI instead of the secret being typed.
 */
export function QrCode({ text, label, size = 220 }: { text: string; label: string; size?: number }) {
  const qr = qrcode(0, "M");
  qr.addData(text);
  qr.make();
  const n = qr.getModuleCount();
  const quiet = 4;
  const cells: string[] = [];
  for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) if (qr.isDark(r, c)) cells.push(`M${c + quiet} ${r + quiet}h1v1h-1z`);
  const total = n + quiet * 2;
  return (
    <svg viewBox={`0 0 ${total} ${total}`} width={size} height={size} role="img" aria-label={label} shapeRendering="crispEdges">
      <rect width={total} height={total} fill="#fff" />
      <path d={cells.join("")} fill="#000" />
    </svg>
  );
}
