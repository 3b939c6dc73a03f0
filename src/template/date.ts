// `date('YYYYMMDD')`: backup directories and snapshot names carry the operator's local date.

const TOKENS = /YYYY|MM|DD|HH|mm|ss/g;

// Formats with the tokens YYYY MM DD HH mm ss in local time; other characters are kept.
export function formatDate(d: Date, format: string): string {
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  const parts: Record<string, string> = {
    YYYY: pad(d.getFullYear(), 4),
    MM: pad(d.getMonth() + 1),
    DD: pad(d.getDate()),
    HH: pad(d.getHours()),
    mm: pad(d.getMinutes()),
    ss: pad(d.getSeconds()),
  };
  return format.replace(TOKENS, (t) => parts[t]);
}
