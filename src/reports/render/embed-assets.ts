/**
 * The widgets' served files: the stylesheet of the embed pages, the script an embed page
 * runs to tell its host page its height, and /embed.js, which the host page loads to turn
 * its placeholders into iframes. Each is versioned by its content hash, so that pages can
 * link it for a year's caching.
 */
import { createHash } from 'node:crypto';

/** What an embed page tells its parent, and /embed.js listens for. */
const HEIGHT_MESSAGE = 'shinchoku-embed-height';

const CSS = `*{box-sizing:border-box}
html{font-family:"Noto Sans CJK JP","Noto Sans JP","Hiragino Sans","Yu Gothic",Meiryo,sans-serif;color:#1a1a1a;background:#fff;line-height:1.6;font-size:15px}
body{margin:0}
main{padding:12px 16px;border:1px solid #a6a6a6;border-top:6px solid #1f4e79;border-radius:6px;max-width:100%}
a{color:#0031d8}
a:focus-visible{outline:3px solid #0031d8;outline-offset:2px}
h1{font-size:1.2rem;margin:0 0 8px;line-height:1.4}
h2{font-size:1rem;margin:12px 0 4px}
p,ul{margin:4px 0}
ul{padding-left:1.4em}
.eyebrow{color:#4d4d4d;font-size:.875rem;margin:0}
.status{display:flex;flex-wrap:wrap;gap:6px;margin:4px 0 8px}
.badge{display:inline-block;padding:2px 10px;border-radius:12px;font-weight:bold;font-size:.875rem;background:#e6e6e6;color:#333}
.badge-good{background:#d7eedb;color:#1b5e20}
.badge-neutral{background:#fff3c4;color:#5d4200}
.badge-attention{background:#fbd9d3;color:#8a1c0b}
.flag{border:2px solid #8a1c0b;color:#8a1c0b}
.corrected{display:inline-block;margin-left:8px;padding:0 8px;border:1px solid #8a1c0b;border-radius:4px;color:#8a1c0b;font-size:.8rem;font-weight:bold;vertical-align:middle;text-decoration:none}
.note{color:#4d4d4d;font-size:.875rem}
.chart{display:block;width:100%;height:auto;max-height:320px}
details{margin:8px 0}
summary{cursor:pointer;color:#0031d8}
table{border-collapse:collapse;width:100%;font-size:.875rem}
caption{text-align:left;font-weight:bold}
th,td{border:1px solid #a6a6a6;padding:4px 6px;text-align:left;vertical-align:top}
td.num{text-align:right;font-variant-numeric:tabular-nums}
footer{margin-top:10px;border-top:1px solid #d9d9d9;padding-top:6px;font-size:.8rem;color:#4d4d4d}
`;

// Runs in the embed page: the height of its content, whenever it changes.
const FRAME_JS = `(function(){if(window.parent===window)return;
function send(){window.parent.postMessage({type:${JSON.stringify(HEIGHT_MESSAGE)},height:Math.ceil(document.documentElement.getBoundingClientRect().height)},'*');}
if(typeof ResizeObserver==='function')new ResizeObserver(send).observe(document.documentElement);
window.addEventListener('load',send);send();})();
`;

// Runs in the host page: every <div data-shinchoku-embed="/embed/..."> becomes an iframe of
// that path on the script's own origin, sized to the height the embed page reports.
const EMBED_JS = `(function(){var s=document.currentScript;if(!s)return;var origin=new URL(s.src).origin;var frames=[];
function build(el){var path=el.getAttribute('data-shinchoku-embed')||'';
if(el.getAttribute('data-shinchoku-ready')||!/^\\/(en\\/)?embed\\/[A-Za-z0-9._\\/-]+$/.test(path))return;
var f=document.createElement('iframe');f.src=origin+path;f.title=el.getAttribute('data-title')||el.textContent.replace(/\\s+/g,' ').trim();
f.loading='lazy';f.width='100%';f.height=el.getAttribute('data-height')||'360';f.style.border='0';f.style.width='100%';f.style.display='block';
el.setAttribute('data-shinchoku-ready','1');el.textContent='';el.appendChild(f);frames.push(f);}
window.addEventListener('message',function(e){if(e.origin!==origin||!e.data||e.data.type!==${JSON.stringify(HEIGHT_MESSAGE)})return;
var h=Math.max(80,Math.min(4000,Number(e.data.height)||0));for(var i=0;i<frames.length;i++){if(frames[i].contentWindow===e.source)frames[i].height=String(h);}});
var all=document.querySelectorAll('[data-shinchoku-embed]');for(var i=0;i<all.length;i++)build(all[i]);})();
`;

interface Asset {
  body: string;
  contentType: string;
  /** Content hash: the query string pages link the file with, and its ETag. */
  version: string;
}

const asset = (body: string, contentType: string): Asset => ({
  body,
  contentType,
  version: createHash('sha256').update(body).digest('base64url').slice(0, 12),
});

export const EMBED_ASSETS = {
  css: asset(CSS, 'text/css; charset=utf-8'),
  frame: asset(FRAME_JS, 'text/javascript; charset=utf-8'),
  loader: asset(EMBED_JS, 'text/javascript; charset=utf-8'),
};
