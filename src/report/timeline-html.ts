// `opsctl runs show ID --timeline run.html`: one self-contained page (inline CSS, no script, no
// request to anywhere) with a lane per host and a bar per step attempt coloured by outcome; gates,
// kills and resumes are marked; hovering a bar shows its command and the tail of its output.
import type { Attempt, Timeline } from '../state/timeline.js';
import { formatDuration } from './format.js';

export interface TimelineStepInfo {
  kind: string;
  name?: string;
  command?: string;
  /** The last lines of the step's log (already redacted). */
  outputTail?: string;
}

export interface TimelinePage {
  runId: string;
  runbook: string;
  status: string;
  timeline: Timeline;
  steps: Map<string, TimelineStepInfo>;
}

const COLOURS: Record<Attempt['status'], string> = {
  ok: '#2e9e4f',
  changed: '#d99a00',
  failed: '#d12f2f',
  skipped: '#9aa0a6',
  unknown: '#6a3fb5',
  running: '#2f6fd1',
};

export function renderTimelineHtml(page: TimelinePage): string {
  const { timeline: tl } = page;
  const span = Math.max(tl.end - tl.start, 1);
  const pct = (t: number) => (((t - tl.start) / span) * 100).toFixed(3);
  const hosts = [...new Set(tl.attempts.map((a) => a.host))];
  const lanes = hosts.map((host) => {
    const bars = tl.attempts.filter((a) => a.host === host).map((a) => bar(a, page.steps.get(a.key), pct, span));
    return `<div class="lane" data-host="${attr(host)}"><div class="host">${text(host)}</div><div class="track">${bars.join('')}</div></div>`;
  });
  const marks = tl.segments.slice(1).map((at, i) => `<div class="resume" style="left:${pct(at)}%" title="resumed at ${attr(new Date(at).toISOString())}"><span>resume ${i + 1}</span></div>`);
  const counts = (['ok', 'changed', 'failed', 'skipped', 'unknown', 'running'] as const).map((s) => [s, tl.attempts.filter((a) => a.status === s).length] as const).filter(([, n]) => n > 0);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>opsctl run ${text(page.runId)}</title>
<style>
body { font: 13px/1.4 system-ui, sans-serif; margin: 16px; color: #222; }
h1 { font-size: 16px; margin: 0 0 4px; }
.meta { color: #555; margin-bottom: 12px; }
.chart { position: relative; border-left: 1px solid #ccc; margin-left: 140px; }
.lane { position: relative; height: 30px; border-bottom: 1px solid #eee; }
.host { position: absolute; left: -140px; width: 132px; top: 6px; text-align: right; font-family: ui-monospace, monospace; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.track { position: absolute; left: 0; right: 0; top: 5px; height: 20px; }
.bar { position: absolute; height: 20px; min-width: 3px; border-radius: 3px; box-sizing: border-box; opacity: .9; }
.bar:hover { opacity: 1; outline: 2px solid #000; }
.bar.gate { border: 2px dashed #000; }
.bar.killed::after { content: "✖"; position: absolute; right: -12px; top: 0; color: #6a3fb5; font-weight: bold; }
.resume { position: absolute; top: -18px; bottom: 0; border-left: 2px dashed #6a3fb5; }
.resume span { position: absolute; top: 0; left: 4px; color: #6a3fb5; font-size: 11px; white-space: nowrap; }
.legend span { display: inline-block; margin-right: 12px; }
.legend i { display: inline-block; width: 12px; height: 12px; border-radius: 2px; vertical-align: -2px; margin-right: 4px; }
</style></head>
<body>
<h1>${text(page.runbook)} — run ${text(page.runId)}</h1>
<div class="meta">status <b class="status">${text(page.status)}</b> · started ${text(new Date(tl.start).toISOString())} · ${text(formatDuration(tl.end - tl.start))} · ${tl.segments.length - 1} resume${tl.segments.length === 2 ? '' : 's'} · ${tl.attempts.length} step attempts on ${hosts.length} host${hosts.length === 1 ? '' : 's'}</div>
<div class="legend">${counts.map(([s, n]) => `<span><i style="background:${COLOURS[s]}"></i>${s === 'unknown' ? 'killed (unknown)' : s} ${n}</span>`).join('')}<span><i style="border:2px dashed #000"></i>confirm gate</span></div>
<div class="chart" style="margin-top:24px">${marks.join('')}${lanes.join('\n')}</div>
</body></html>
`;
}

function bar(a: Attempt, info: TimelineStepInfo | undefined, pct: (t: number) => string, span: number): string {
  const left = pct(a.start);
  const width = Math.max(((a.end - a.start) / span) * 100, 0.4).toFixed(3);
  const classes = ['bar', a.status, ...(info?.kind === 'confirm' ? ['gate'] : []), ...(a.status === 'unknown' ? ['killed'] : [])];
  const hover = [
    `${a.key} — ${a.status}${a.exitCode !== null ? ` (exit ${a.exitCode})` : ''}${a.attempt > 1 ? `, attempt ${a.attempt}` : ''}, ${a.ranMs !== undefined ? `read back from its host, ran ${formatDuration(a.ranMs)} there` : formatDuration(a.end - a.start)}`,
    ...(info?.name ? [info.name] : []),
    ...(info?.command ? [`$ ${info.command}`] : []),
    ...(a.undo ? [`undo ${a.undo}`] : []),
    ...(a.error ? [a.error] : []),
    ...(info?.outputTail ? ['— output (tail) —', info.outputTail] : []),
  ].join('\n');
  return `<div class="${classes.join(' ')}" data-key="${attr(a.key)}" data-status="${a.status}" style="left:${left}%;width:${width}%;background:${COLOURS[a.status]}" title="${attr(hover)}"></div>`;
}

function text(s: string): string {
  return s.replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c]!);
}

function attr(s: string): string {
  // Control characters from remote output have no business in a page; keep newlines and tabs.
  // eslint-disable-next-line no-control-regex
  return text(s.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '')).replace(/"/g, '&quot;');
}
