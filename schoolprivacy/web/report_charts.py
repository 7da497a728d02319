"""Small inline SVG charts for the annual report: drawn here, so they need no script (the CSP
blocks external scripts) and print the same in the PDF. Each chart has a title and a text
alternative; the numbers are also in a table next to it."""

from collections.abc import Sequence

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

# Colours with enough contrast against white and against each other, one per consent status.
STATUS_COLOURS = ("#1a7f37", "#b42318", "#7a2e0e", "#6b7280", "#8a6d00")
BAR_COLOUR = "#1d4ed8"


def _n(value: float) -> str:
    """A coordinate with one decimal (format_html turns its arguments into text first)."""
    return f"{value:.1f}"


def stacked_bars(
    title: str, rows: Sequence[tuple[str, Sequence[int]]], legend: Sequence[str]
) -> SafeString:
    """One horizontal bar per row, split into its parts; each bar is 100% of its row."""
    width, label_width, bar_height, gap = 640, 220, 22, 10
    legend_height = 28
    height = legend_height + len(rows) * (bar_height + gap) + gap
    parts = [
        format_html(
            '<svg class="chart" role="img" viewBox="0 0 {} {}" width="100%" '
            'xmlns="http://www.w3.org/2000/svg"><title>{}</title>',
            width,
            height,
            title,
        )
    ]
    x = 0
    for index, name in enumerate(legend):
        colour = STATUS_COLOURS[index % len(STATUS_COLOURS)]
        parts.append(
            format_html(
                '<rect x="{}" y="4" width="12" height="12" fill="{}"/>'
                '<text x="{}" y="15" font-size="12">{}</text>',
                x,
                colour,
                x + 16,
                name,
            )
        )
        x += 24 + 7 * len(name)
    y = legend_height
    span = width - label_width - 10
    for label, counts in rows:
        total = sum(counts) or 1
        parts.append(
            format_html(
                '<text x="0" y="{}" font-size="12">{}</text>', y + bar_height - 7, label[:34]
            )
        )
        offset: float = label_width
        for index, count in enumerate(counts):
            if not count:
                continue
            length = span * count / total
            parts.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="{}">'
                    "<title>{}: {}</title></rect>",
                    _n(offset),
                    y,
                    _n(length),
                    bar_height,
                    STATUS_COLOURS[index % len(STATUS_COLOURS)],
                    legend[index],
                    count,
                )
            )
            offset += length
        y += bar_height + gap
    parts.append(format_html("</{}>", "svg"))
    # Every part is already a safe string from format_html: joined without mark_safe.
    return format_html_join("", "{}", ((part,) for part in parts))


def month_columns(title: str, values: Sequence[int], labels: Sequence[str]) -> SafeString:
    """Twelve columns, one per month, with the count above each."""
    width, height, top, bottom = 640, 180, 20, 24
    column = width / len(values)
    peak = max(values) or 1
    parts = [
        format_html(
            '<svg class="chart" role="img" viewBox="0 0 {} {}" width="100%" '
            'xmlns="http://www.w3.org/2000/svg"><title>{}</title>',
            width,
            height,
            title,
        )
    ]
    usable = height - top - bottom
    for index, value in enumerate(values):
        bar = usable * value / peak
        x = index * column + column * 0.2
        parts.append(
            format_html(
                '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>'
                '<text x="{}" y="{}" font-size="11" text-anchor="middle">{}</text>'
                '<text x="{}" y="{}" font-size="11" text-anchor="middle">{}</text>',
                _n(x),
                _n(top + usable - bar),
                _n(column * 0.6),
                _n(bar),
                BAR_COLOUR,
                _n(x + column * 0.3),
                _n(top + usable - bar - 4),
                value,
                _n(x + column * 0.3),
                height - 6,
                labels[index],
            )
        )
    parts.append(format_html("</{}>", "svg"))
    # Every part is already a safe string from format_html: joined without mark_safe.
    return format_html_join("", "{}", ((part,) for part in parts))
