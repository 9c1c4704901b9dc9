// Says that a new version of the site has been deployed and lets the learner reload when it suits
// them: never in the middle of a run they are watching.

import { dismissUpdate, reloadWithUpdate, useOfflineStore } from '../offline';
import './UpdateNotice.css';

export function UpdateNotice() {
  const waiting = useOfflineStore((s) => s.updateWaiting);
  if (!waiting) return null;
  return (
    <div className="update-notice" role="status" data-testid="update-notice">
      <p>
        <strong>A new version of this course is ready.</strong> Reload to use it when it suits you; a run in progress stops on
        reload.
      </p>
      <div className="update-actions">
        <button type="button" className="button primary" onClick={reloadWithUpdate}>
          Reload now
        </button>
        <button type="button" className="button" onClick={dismissUpdate}>
          Later
        </button>
      </div>
    </div>
  );
}
