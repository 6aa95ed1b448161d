"""Server-rendered SVG charts (no JavaScript, no CDN; the same markup goes into the PDF)."""


def year_bars(evolution, *, width=640, height=220, key="engaged"):
    """Bar geometry for the year-by-year evolution of engaged companies."""
    top = max((row[key] for row in evolution), default=0) or 1
    margin_bottom, margin_top = 24, 18
    plot = height - margin_bottom - margin_top
    slot = width / max(len(evolution), 1)
    bars = []
    for index, row in enumerate(evolution):
        bar_height = plot * row[key] / top
        bars.append(
            {
                "x": round(index * slot + slot * 0.15, 1),
                "y": round(margin_top + plot - bar_height, 1),
                "width": round(slot * 0.7, 1),
                "height": round(bar_height, 1),
                "label_x": round(index * slot + slot / 2, 1),
                "year": row["year"],
                "value": row[key],
            }
        )
    return {"width": width, "height": height, "bars": bars, "baseline": height - margin_bottom}
