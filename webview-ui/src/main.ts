// The webview entry: the board or a handoff review, as the page's `data-app` says. Talks to
// the host only through the typed protocol in src/shared.
import { startBoard } from './board/boardApp';
import { startReview } from './review/reviewApp';
import { vscodeApi } from './vscodeApi';

const root = document.getElementById('root')!;
if (document.body.dataset.app === 'review') startReview(vscodeApi(), root);
else startBoard(vscodeApi(), root);
