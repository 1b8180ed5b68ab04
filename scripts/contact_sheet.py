"""Tiles PNG pages into one contact sheet: python scripts/contact_sheet.py OUT.png page-*.png"""

import sys

from PIL import Image

out, *paths = sys.argv[1:]
pages = [Image.open(p).convert("RGB") for p in sorted(paths)]
cols = 4
w, h = pages[0].size
rows = (len(pages) + cols - 1) // cols
sheet = Image.new("RGB", (cols * (w + 10) + 10, rows * (h + 10) + 10), "#888")
for i, page in enumerate(pages):
    sheet.paste(page.resize((w, h)), (10 + (i % cols) * (w + 10), 10 + (i // cols) * (h + 10)))
sheet.save(out)
