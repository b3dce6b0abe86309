// Markdown summary of a run of the peer benchmark (for bench/peers/README.md):
//   node bench/peers/summarize.mjs [build/bench-peers.json]
import { readFileSync } from 'node:fs';

const r = JSON.parse(readFileSync(process.argv[2] || 'build/bench-peers.json', 'utf8'));
const systems = Object.keys(r.summary);
const fmtT = (ns) => (ns == null ? '–' : ns >= 1e9 ? `${(ns / 1e9).toFixed(2)} s` : ns >= 1e6 ? `${(ns / 1e6).toFixed(ns >= 1e8 ? 0 : 1)} ms` : `${(ns / 1e3).toFixed(ns >= 1e5 ? 0 : 1)} µs`);
const f2 = (x) => (x == null ? '–' : x >= 100 ? x.toFixed(0) : x.toFixed(2));
const kib = (b) => `${(b / 1024).toFixed(1)} KiB`;
const out = [];
const p = (s = '') => out.push(s);

p(`Run: ${r.date.slice(0, 16).replace('T', ' ')} UTC, ${r.mode} mode, ${r.machine}, ${r.wall_seconds.toFixed(0)} s wall, timeout ${r.timeout_s} s per case and system.`);
p();
p('Versions: ' + Object.entries(r.versions).map(([k, v]) => `${k} ${v}`).join('; ') + '.');
p();
p(`Typical set (${r.summary[systems[0]].typical_cases} expressions): median over the expressions of each system's time divided by GiNaC's time for the same expression in the same run; median printed size divided by the shorter of Maxima's and GiNaC's correct output.`);
p();
p('| system | median time | time ÷ GiNaC | size ÷ min(Maxima, GiNaC) | correct | wrong | failed (timeout/error) |');
p('|---|---:|---:|---:|---:|---:|---:|');
for (const s of systems) {
  const m = r.summary[s];
  p(`| ${s} | ${fmtT(m.median_time_ns)} | ${f2(m.median_time_ratio_to_ginac)} | ${f2(m.median_size_ratio_to_most_compact_of_maxima_ginac)} | ${m.correct} | ${m.wrong} | ${m.failed} |`);
  if (m.with_warm_cache) p(`| sympy, cache kept warm between the identical runs | ${fmtT(m.with_warm_cache.median_time_ns)} | ${f2(m.with_warm_cache.median_time_ratio_to_ginac)} | | | | |`);
}
p();
p('Growing families: time and size growth exponents (least-squares slope in log-log over the n that finished), and the median time at each n (`timeout`, `error`, `crash`; `skip`: a smaller n timed out; `!`: wrong result).');
for (const [fam, F] of Object.entries(r.families)) {
  p();
  p(`**${fam}**: ${F.description}`);
  p();
  p(`| system | ${F.ns.map((n) => `n=${n}`).join(' | ')} | time exp. | size exp. | chars at largest n done |`);
  p(`|---|${F.ns.map(() => '---:').join('|')}|---:|---:|---:|`);
  for (const s of systems) {
    const S = F.systems[s];
    const cells = S.rows.map((row) => (row.status === 'done' ? `${fmtT(row.median_ns)}${row.correct === false ? ' !' : ''}` : row.status === 'skipped' ? 'skip' : row.status));
    const last = [...S.rows].reverse().find((row) => row.status === 'done');
    p(`| ${s} | ${cells.join(' | ')} | ${f2(S.time_exponent)} | ${f2(S.size_exponent)} | ${last ? last.chars.toLocaleString('en-US') : '–'} |`);
  }
}
p();
p('Browser download (gzip -9):');
p();
p('| system | file | size | gzip -9 |');
p('|---|---|---:|---:|');
for (const d of r.downloads) p(`| ${d.system} | ${d.what} | ${kib(d.bytes)} | ${kib(d.gzip9)} |`);
p();
p('Wrong results, errors, crashes and timeouts (family members skipped after a timeout are not listed):');
p();
for (const x of r.problems) p(`- ${x.system}: ${x.status} on \`${x.case.length > 90 ? x.case.slice(0, 90) + '…' : x.case}\`${x.detail ? ` (${x.detail.slice(0, 200)})` : ''}`);
if (r.reference_failures.length) for (const x of r.reference_failures) p(`- reference (SymPy) ${x.status} on \`${x.case}\``);
console.log(out.join('\n'));
