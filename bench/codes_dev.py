"""Fast iteration on machine-readable codes: run only ``find_codes`` on a corpus's pages.

    .venv/bin/python bench/codes_dev.py /tmp/codes_7482 [--only SUBSTR] [--verbose]
        [--crops DIR]
    .venv/bin/python bench/codes_dev.py --synthetic 200 --profile photo [--kind ean13]
        [--crops DIR] [--start 0] [--cut MM]
    .venv/bin/python bench/codes_dev.py --synthetic 20 --profile poor_scan --kind payqr
        [--cut-rows N]

Pages are rasterised as the pipeline does (300 dpi), turned upright by the pipeline's cheap
first guess (``turn_order``, no OCR), and scored against truth.jsonl with the evaluation's
own ``match_codes``: decoded/total and extra (read codes matching no truth code). Prints the
misses and the extras per document, the mean CPU ms of the codes step per page (the colour
maps it is given not counted; CPU time, as the machine is shared) and the slowest pages.
``--crops`` writes each missed or misread code's neighbourhood as a PNG to look at.

``--synthetic N``: N pages of the corpus generator's sticker alone (EAN-13 or Code 128) on an
A4 sheet with lines of print, put through its scan or photo degradation at its dpi and saved
as its JPEG; many more scanned stickers than a corpus holds (a third of its documents carry
one), in a fraction of the time. ``--cut MM``: the degraded page's top rows cut off, down to the
sticker's bars, so that only their lower MM stay at their shorter end (a poor scan fed
askew or too high).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import cv2
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ecm.evaluation.marks import match_codes
from ecm.evaluation.normalize import normalize_code_type
from recognizers.marks.codes import find_codes
from recognizers.marks.colors import ink_maps
from recognizers.orientation import turn_order
from recognizers.rasterize import iter_pages


def _doc_codes(path: Path) -> tuple[list[dict[str, Any]], list[float], list[np.ndarray]]:
    read: list[dict[str, Any]] = []
    times: list[float] = []
    images: list[np.ndarray] = []
    previous = 0
    for page in iter_pages(path.read_bytes(), dpi=300, render_all=True):
        if page.image is None:
            continue
        image = page.image
        if page.text_source is None:
            previous = turn_order(image, previous)[0]
            image = np.ascontiguousarray(np.rot90(image, previous))
        images.append(image)
        maps = ink_maps(image)
        k = maps.scale
        t0 = time.process_time()
        found = find_codes(image, maps.dark, k, maps.px_per_mm / k)
        times.append((time.process_time() - t0) * 1000)
        read += [{"type": c.type, "data": c.data, "page": len(images), "bbox": c.bbox}
                 for c in found]
    return read, times, images


def _key(code: dict[str, Any]) -> tuple[str, str]:
    return normalize_code_type(str(code.get("type", ""))), str(code.get("data", ""))


def _save_crop(crops: Path, name: str, image: np.ndarray, bbox: Any, tag: str) -> None:
    if not bbox:  # the truth has no box: archive stickers sit in the top band of page 1
        bbox = (0, 0, image.shape[1], image.shape[0] * 0.2)
    x, y, w, h = (float(v) for v in bbox[:4])
    pad = 80 if w * h < image.shape[0] * image.shape[1] / 10 else 0
    y0, x0 = max(0, int(y) - pad), max(0, int(x) - pad)
    crop = image[y0:int(y + h) + pad, x0:int(x + w) + pad]
    if crop.size:
        cv2.imwrite(str(crops / f"{name}.{tag}.png"), crop)


def _bars_bottom(sticker: np.ndarray) -> int:
    """The row under the sticker's bars (the end of its first run of mostly dark rows)."""
    busy = np.concatenate([(sticker < 128).mean(axis=1) > 0.2, [False]])
    first = int(np.argmax(busy))
    return first + int(np.argmin(busy[first:]))


def _payment_text(rng: Any) -> str:
    """A ГОСТ Р 56042 string of the generator's length (about version 13 at level M)."""
    digits = "0123456789"

    def num(n: int) -> str:
        return "".join(rng.choice(digits) for _ in range(n))

    name = rng.choice(("ООО «Северный ветер»", "АО «Промснабкомплект»", "ООО «ТехноСтрой-Юг»"))
    bank = rng.choice(("ПАО Сбербанк", "АО «Альфа-Банк»", "Банк ВТБ (ПАО)"))
    return "|".join(["ST00012", f"Name={name}", f"PersonalAcc=40702810{num(12)}",
                     f"BankName={bank}", f"BIC=04{num(7)}", f"CorrespAcc=30101810{num(12)}",
                     f"PayeeINN=77{num(8)}", f"KPP=77{num(7)}", f"Sum={num(7)}",
                     f"Purpose=Оплата по счету № {num(3)} от 1{num(1)}.0{num(1)}.2024, "
                     f"в т.ч. НДС {num(5)}.{num(2)}"])


def _qr_page(rng: Any, page: np.ndarray, k: float,
             rows_cut: int) -> tuple[str, str, tuple[float, float, float]]:
    """A payment QR drawn on ``page``; (name, data, (left, right, y) of the cut line in the
    clean page's pixels)."""
    from PIL import Image

    from ecm.corpus import codes as corpus_codes

    data = _payment_text(rng)
    img = corpus_codes.qr_image(data)
    side = round(30 * k)
    sym = np.asarray(img.resize((side, side), Image.Resampling.LANCZOS))
    x = rng.choice((int(20 * k), page.shape[1] - int(15 * k) - side))
    y = int(rng.uniform(1, 3) * k)  # above the lines of print, which start at 40 mm
    page[y:y + side, x:x + side] = sym[..., None]
    mpx = side / (img.width / 8)  # the generator draws 8 px a module, 2 modules of margin
    return "QRCODE", data, (x + 2 * mpx, x + side - 2 * mpx, y + (2 + rows_cut) * mpx)


def _synthetic_page(i: int, profile: str, kind: str,
                    cut: float = 0.0) -> tuple[np.ndarray, str, str]:
    import random

    from PIL import Image

    from ecm.corpus import codes as corpus_codes
    from ecm.corpus import degrade
    from ecm.corpus.output import QUALITY, _jpeg

    rng = random.Random(f"codes-synth:{profile}:{kind}:{i}")
    dpi = rng.choice((200, 240, 300) if profile == "poor_scan" else (150, 200))
    k = dpi / 25.4
    page = np.full((int(297 * k), int(210 * k), 3), 255, np.uint8)
    first = 40 if kind == "payqr" else 35  # 5 mm under the QR, as under a sticker
    for line in range(40):  # print below the sticker: distractors for the block search
        y = int((first + line * 6) * k)
        text = " ".join(rng.choice(("Postavshik", "OOO", "1234567890", "INN", "Itogo", "%"))
                        for _ in range(8))
        cv2.putText(page, text, (int(20 * k), y), cv2.FONT_HERSHEY_SIMPLEX, k / 12, (0, 0, 0),
                    max(1, int(k / 8)))
    if kind == "payqr":
        name, data, (left, right, cut_y) = _qr_page(rng, page, k, round(cut))
        out, m = degrade.PROFILES[profile](page, rng)
        if cut:
            ends = np.array([[[left, cut_y]], [[right, cut_y]]], np.float32)
            top = round(float(cv2.perspectiveTransform(ends, m)[:, 0, 1].mean()))
            out = np.ascontiguousarray(out[max(0, top):])
        lo, hi = QUALITY[profile]
        raw = _jpeg(Image.fromarray(out), rng.randint(lo, hi))
        return np.asarray(cv2.imdecode(np.frombuffer(raw, np.uint8), cv2.IMREAD_COLOR)), name, data
    if kind == "ean13":
        data = corpus_codes.ean13_data(rng)
        img, name = corpus_codes.ean13_image(data), "EAN13"
    else:
        data = f"ARC{rng.randint(10**8, 10**9 - 1)}"
        img, name = corpus_codes.code128_image(data), "CODE128"
    w, h = max(1, round(img.width * dpi / 300)), max(1, round(img.height * dpi / 300))
    sticker = np.asarray(img.resize((w, h), Image.Resampling.LANCZOS))
    x = rng.choice((int(20 * k), page.shape[1] - int(15 * k) - w, (page.shape[1] - w) // 2))
    y = int(rng.uniform(3, 10) / 72 * dpi)
    page[y:y + h, x:x + w] = sticker[..., None]
    out, m = degrade.PROFILES[profile](page, rng)
    if cut:
        # The sheet fed askew and too high: the image's top edge leaves only the lower
        # ``cut`` mm of the bars at their shorter end.
        bottom = y + _bars_bottom(sticker)
        ends = np.array([[[x, bottom]], [[x + w, bottom]]], np.float32)
        top = round(float(cv2.perspectiveTransform(ends, m)[:, 0, 1].min()) - cut * k)
        out = np.ascontiguousarray(out[max(0, top):])
    lo, hi = QUALITY[profile]
    raw = _jpeg(Image.fromarray(out), rng.randint(lo, hi))
    decoded: np.ndarray = np.asarray(cv2.imdecode(np.frombuffer(raw, np.uint8),
                                                  cv2.IMREAD_COLOR))
    return decoded, name, data


def synthetic(n: int, start: int, profile: str, kind: str, crops: Path | None,
              cut: float = 0.0, turn: int = 0) -> None:
    read_ok = wrong = 0
    times = []
    cache = Path("/tmp/codes_synth_cache")
    cache.mkdir(exist_ok=True)
    for i in range(start, start + n):
        stem = cache / (f"{profile}_{kind}_{i}" + (f"_cut{cut:g}" if cut else ""))
        if stem.with_suffix(".png").exists():
            image = np.asarray(cv2.imread(str(stem.with_suffix(".png"))))
            name, data = stem.with_suffix(".txt").read_text().split(maxsplit=1)
        else:
            image, name, data = _synthetic_page(i, profile, kind, cut)
            cv2.imwrite(str(stem.with_suffix(".png")), image)
            stem.with_suffix(".txt").write_text(f"{name} {data}")
        image = np.ascontiguousarray(np.rot90(image, turn))
        maps = ink_maps(image)
        k = maps.scale
        t0 = time.process_time()
        found = find_codes(image, maps.dark, k, maps.px_per_mm / k)
        times.append((time.process_time() - t0) * 1000)
        got = [(c.type, c.data) for c in found]
        ok = (name, data) in got
        bad = [g for g in got if g != (name, data)]
        read_ok += ok
        wrong += len(bad)
        if not ok or bad:
            print(f"  #{i} {data}: {'read' if ok else 'MISS'} {bad} px/mm {maps.px_per_mm / k:.1f}")
            if crops:
                _save_crop(crops, f"synth_{profile}_{i}", image, None, "miss")
    cut_text = (f" cut {cut:g} {'rows' if kind == 'payqr' else 'mm'}" if cut else "") + (
        f" turned {turn}" if turn else "")
    print(f"synthetic {profile} {kind}{cut_text}: {read_ok}/{n}, wrong {wrong}; "
          f"mean {np.mean(times):.0f} ms/page")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus", type=Path, nargs="?")
    ap.add_argument("--synthetic", type=int, default=0)
    ap.add_argument("--start", type=int, default=0)
    ap.add_argument("--profile", default="photo")
    ap.add_argument("--kind", default="ean13")
    ap.add_argument("--cut", type=float, default=0.0,
                    help="synthetic: the sticker cut by the page's top edge, N mm of bars left")
    ap.add_argument("--cut-rows", type=int, default=0,
                    help="synthetic payqr: the page's top edge through the QR's Nth row")
    ap.add_argument("--turn", type=int, default=0,
                    help="synthetic: the page turned by N quarter turns counter-clockwise "
                         "(2: a cut at the top comes to the bottom)")
    ap.add_argument("--only", default="")
    ap.add_argument("--verbose", action="store_true")
    ap.add_argument("--crops", type=Path)
    args = ap.parse_args()
    if args.crops:
        args.crops.mkdir(parents=True, exist_ok=True)
    if args.synthetic:
        cut = float(args.cut_rows) if args.kind == "payqr" else args.cut
        synthetic(args.synthetic, args.start, args.profile, args.kind, args.crops, cut,
                  args.turn)
        return
    total = decoded = extra = 0
    by_profile: Counter[str] = Counter()
    all_times: list[tuple[float, str]] = []
    for line in (args.corpus / "truth.jsonl").read_text().splitlines():
        rec = json.loads(line)
        truth = (rec.get("marks") or {}).get("codes")
        if truth is None or args.only not in rec["file"]:
            continue
        read, times, images = _doc_codes(args.corpus / rec["file"])
        all_times += [(t, f"{rec['file']}:{i + 1}") for i, t in enumerate(times)]
        d, e = match_codes(truth, read)
        total, decoded, extra = total + len(truth), decoded + d, extra + e
        profile = rec["file"].rsplit("_", 1)[-1].split(".")[0]
        if profile == "scan":
            profile = rec["file"].rsplit("_", 2)[-2] + "_scan"
        by_profile[profile + " total"] += len(truth)
        by_profile[profile + " decoded"] += d
        if d < len(truth) or e or args.verbose:
            got = Counter(_key(c) for c in read)
            missing = [c for c in truth if not got[_key(c)]]
            wanted = Counter(_key(c) for c in truth)
            wrong = [c for c in read if not wanted[_key(c)]]
            print(f"{rec['file']}: {d}/{len(truth)} extra {e}")
            for c in missing:
                print(f"   miss  {c['type']} {c['data'][:40]!r} p{c.get('page')} {c.get('bbox')}")
                if args.crops:
                    page = int(c.get("page") or 1) - 1
                    if page < len(images):
                        _save_crop(args.crops, rec["file"], images[page], c.get("bbox"),
                                   f"miss{c['type']}")
            for c in wrong:
                print(f"   extra {c['type']} {c['data'][:40]!r} p{c['page']} "
                      f"{[round(v) for v in c['bbox']]}")
    ms = [t for t, _ in all_times]
    print(f"codes {decoded}/{total}, extra {extra}; "
          + ", ".join(f"{k} {v}" for k, v in sorted(by_profile.items())))
    if ms:
        print(f"codes step: mean {np.mean(ms):.0f} ms/page over {len(ms)} pages; slowest: "
              + ", ".join(f"{n} {t:.0f}" for t, n in sorted(all_times, reverse=True)[:5]))


if __name__ == "__main__":
    main()
