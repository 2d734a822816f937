import { useMemo } from 'react';
import { describeBlocked, previewDocument, type PreviewKind } from './preview-document.render';

/**
 * Asset markup in a frame with every sandbox restriction (no scripts, an opaque origin, no forms, no
 * navigation, no popups) and a policy that loads nothing from the network. Nothing inside can paint
 * over the app, restyle it or read it, and the frame takes no focus: it holds only passive content.
 *
 * The parent cannot read a sandboxed frame's height without letting scripts run in it, and measuring it
 * beforehand would mean rendering the content in the app's own document, so the frame has a fixed height
 * that the reviewer can drag taller; longer content scrolls inside it.
 */
export function PreviewFrame({ kind, text }: { kind: PreviewKind; text: string }) {
  const preview = useMemo(() => previewDocument(kind, text), [kind, text]);
  const count = preview.blocked.length;
  return (
    <div>
      {count > 0 && (
        <p className="small preview-blocked" role="note">
          This preview did not load {count === 1 ? 'an outside resource' : `${count} outside resources`} the
          asset asks for: {describeBlocked(preview.blocked)}.
        </p>
      )}
      <div className="preview-frame">
        <iframe
          title="Asset preview"
          sandbox=""
          srcDoc={preview.srcdoc}
          tabIndex={-1}
          referrerPolicy="no-referrer"
        />
      </div>
    </div>
  );
}
