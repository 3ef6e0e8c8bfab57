"""The plan and the results as one self-contained HTML page: no external assets, readable on a phone."""

from __future__ import annotations

from html import escape

from crawler.urls import is_http_url
from linktrail.plan import Plan
from linktrail.render import clean
from linktrail.render.text import EMPTY_DB, RESULT_COLUMNS, _cells, _totals, rate_lines
from linktrail.results import Results, Week

# Nothing may load from anywhere: inline styles only, no scripts, no images but inline SVG.
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"

STYLE = """
:root { color-scheme: light dark; --fg: #1b1f24; --muted: #57606a; --bg: #fff; --card: #f6f8fa;
  --line: #d0d7de; --link: #0550ae; --comment: #1a7f37; --guest_post: #8250df; --publish: #bc4c00; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6edf3; --muted: #9da7b3; --bg: #0d1117;
  --card: #161b22; --line: #30363d; --link: #79c0ff; } }
* { box-sizing: border-box; }
body { margin: 0; padding: 1rem; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  color: var(--fg); background: var(--bg); }
main { max-width: 44rem; margin: 0 auto; }
h1 { font-size: 1.35rem; margin: 0 0 .25rem; }
.sum { color: var(--muted); margin: 0 0 1rem; }
ol.tasks { list-style: none; padding: 0; margin: 0; }
.task { background: var(--card); border: 1px solid var(--line); border-left: 6px solid var(--line);
  border-radius: 8px; padding: .75rem .9rem; margin: 0 0 .75rem; overflow-wrap: anywhere; }
.task.comment { border-left-color: var(--comment); } .task.guest_post { border-left-color: var(--guest_post); }
.task.publish { border-left-color: var(--publish); }
.head { display: flex; gap: .5rem; align-items: baseline; flex-wrap: wrap; }
.kind { font-weight: 700; text-transform: uppercase; font-size: .8rem; letter-spacing: .04em; }
.comment .kind { color: var(--comment); } .guest_post .kind { color: var(--guest_post); }
.publish .kind { color: var(--publish); }
.min { margin-left: auto; color: var(--muted); font-size: .9rem; white-space: nowrap; }
.blog { font-size: 1.05rem; font-weight: 600; display: block; margin: .2rem 0; }
a { color: var(--link); }
.url { font-size: .85rem; color: var(--muted); }
.why { margin: .35rem 0 0; }
.note { border-left: 4px solid #d4a72c; padding: .25rem .75rem; }
table { border-collapse: collapse; width: 100%; font-size: .85rem; font-variant-numeric: tabular-nums; }
th, td { padding: .3rem .3rem; border-bottom: 1px solid var(--line); text-align: right; white-space: nowrap; }
th { font-size: .75rem; white-space: normal; vertical-align: bottom; }
.legend { display: flex; flex-wrap: wrap; gap: .25rem 1rem; font-size: .85rem; color: var(--muted); margin: 0; padding: 0;
  list-style: none; }
.legend i { display: inline-block; width: .8rem; height: .8rem; margin-right: .3rem; vertical-align: -.1rem; }
.legend i.dash { height: 0; border-top: 2px dashed #bc4c00; vertical-align: .2rem; }
th:first-child, td:first-child { text-align: left; }
tr.total td { font-weight: 700; }
.scroll { overflow-x: auto; }
svg { width: 100%; height: auto; margin: 1rem 0; }
"""  # noqa: E501 - the page's CSS, emitted byte for byte


def h(text: object) -> str:
    """Page-derived text, cleaned and escaped for HTML text and attribute values alike."""
    return escape(clean(text), quote=True)


def safe_href(url: str) -> str | None:
    """An escaped href for an http(s) URL; None for anything else (javascript:, data:, ...)."""
    url = clean(url)
    if not is_http_url(url, require_host=False):
        return None
    return escape(url, quote=True)


def _page(title: str, body: str) -> str:
    return (
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        f"<meta http-equiv=\"Content-Security-Policy\" content=\"{CSP}\">\n"
        "<meta name=\"referrer\" content=\"no-referrer\">\n"
        f"<title>{h(title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n{body}\n</main>\n</body>\n</html>\n"
    )


def _notes(notes: tuple[str, ...]) -> str:
    return "".join(f'<p class="note">{h(n)}</p>\n' for n in notes)


def render_html(plan: Plan) -> str:
    """The plan as one page of task cards; every link opens its target in a new tab."""
    title = f"Plan for {plan.date}" + (f" — {clean(plan.niche)}" if plan.niche else "")
    parts = [f"<h1>{h(title)}</h1>"]
    if plan.empty_db:
        parts.append(f'<p class="sum">{h(EMPTY_DB)}</p>')
    elif not plan.tasks:
        parts.append('<p class="sum">No targets today. Crawl more seeds, or widen the niche keywords.</p>')
    else:
        parts.append(f'<p class="sum">{h(_totals(plan))}.</p>')
        parts.append('<ol class="tasks">')
        for i, t in enumerate(plan.tasks, 1):
            name = clean(t.title) + (f": {clean(t.page_title)}" if t.page_title and t.page_title != t.title else "")
            href = safe_href(t.url)
            link = (f'<a class="blog" href="{href}" target="_blank" rel="noopener noreferrer">{h(name)}</a>'
                    if href else f'<span class="blog">{h(name)}</span>')
            parts.append(
                f'<li class="task {h(t.kind)}" id="task-{i}">'
                f'<div class="head"><span class="kind">{i}. {h(t.label)}</span>'
                f'<span class="min">{t.minutes} min</span></div>'
                f"{link}"
                f'<div class="url">{h(t.url)}</div>'
                f'<p class="why"><strong>{h(t.action)}:</strong> {h(t.why)}</p></li>'
            )
        parts.append("</ol>")
    parts.append(_notes(plan.notes))
    return _page(title, "\n".join(parts))


SERIES = (("comments done", "comments_done", "#1a7f37"), ("comments live", "comments_live", "#0550ae"),
          ("own posts", "posts", "#bc4c00"))


def svg_chart(weeks: list[Week], width: int = 360, height: int = 160) -> str:
    """An inline SVG bar chart per week: comments done, comments live, own posts, and the posts target."""
    series = SERIES
    top = max([1] + [getattr(w, a) for w in weeks for _, a, _ in series] + [w.posts_target for w in weeks])
    left, bottom, top_pad = 22, 20, 8
    plot_h = height - bottom - top_pad
    slot = (width - left) / max(1, len(weeks))
    bar = max(2.0, slot / (len(series) + 1.5))
    out = [(f'<svg viewBox="0 0 {width} {height}" role="img" aria-labelledby="chart-title" '
            f'xmlns="http://www.w3.org/2000/svg" font-family="system-ui, sans-serif" font-size="12">'),
           '<title id="chart-title">Comments done, comments live and own posts per ISO week</title>']
    y0 = top_pad + plot_h
    out.append(f'<line x1="{left}" y1="{y0}" x2="{width}" y2="{y0}" stroke="currentColor" stroke-opacity=".4"/>')
    out.append(f'<text x="{left - 4}" y="{top_pad + 4}" text-anchor="end" fill="currentColor">{top}</text>')
    out.append(f'<text x="{left - 4}" y="{y0}" text-anchor="end" fill="currentColor">0</text>')
    for i, w in enumerate(weeks):
        x = left + i * slot + bar * 0.5
        for j, (label, attr, color) in enumerate(series):
            v = getattr(w, attr)
            bh = plot_h * v / top
            out.append(f'<rect x="{x + j * bar:.1f}" y="{y0 - bh:.1f}" width="{bar * 0.9:.1f}" height="{bh:.1f}" '
                       f'fill="{color}"><title>{escape(w.week)}: {v} {label}</title></rect>')
        ty = y0 - plot_h * w.posts_target / top
        out.append(f'<line x1="{left + i * slot + 2:.1f}" x2="{left + (i + 1) * slot - 2:.1f}" y1="{ty:.1f}" '
                   f'y2="{ty:.1f}" stroke="#bc4c00" stroke-dasharray="4 3"/>')
        out.append(f'<text x="{left + (i + 0.5) * slot:.1f}" y="{y0 + 14}" text-anchor="middle" '
                   f'fill="currentColor">W{escape(w.week[-2:])}</text>')
    out.append("</svg>")
    legend = "".join(f'<li><i style="background:{color}"></i>{label}</li>' for label, _, color in series)
    legend += '<li><i class="dash"></i>posts target</li>'
    return "\n".join(out) + f'\n<ul class="legend">{legend}</ul>'


def render_results_html(results: Results) -> str:
    """The results as one page: a small inline SVG chart, the weekly table, and the rates."""
    title = f"Results, {len(results.weeks)} weeks to {results.until}"
    parts = [f"<h1>{h(title)}</h1>"]
    if results.empty_db:
        parts.append(f'<p class="sum">{h(EMPTY_DB)}</p>')
        return _page(title, "\n".join(parts))
    weeks = list(results.weeks)
    parts.append(svg_chart(weeks))
    head = "".join(f"<th>{h(name)}</th>" for name, _ in RESULT_COLUMNS)
    rows = "".join(f'<tr title="week of {h(w.start)}">' + "".join(f"<td>{h(c)}</td>" for c in
                   [w.week.split("-")[-1], *_cells(w)[1:]]) + "</tr>" for w in weeks)
    rows += '<tr class="total">' + "".join(f"<td>{h(c)}</td>" for c in _cells(results.totals)) + "</tr>"
    parts.append(f'<div class="scroll"><table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table></div>')
    parts.append('<p class="sum">C = comments, P = guest-post pitches.</p>')
    parts.append("<ul>" + "".join(f"<li>{h(line)}</li>" for line in rate_lines(results)) + "</ul>")
    parts.append(_notes(results.notes))
    return _page(title, "\n".join(parts))
