#!/usr/bin/env python3
"""Deterministic test trees for Cairn's benchmarks.

    gen-tree.py media DIR --size-mb N [--seed S]        a website's media uploads, about N MB
    gen-tree.py small-files DIR --count N [--seed S]    N files of 100 B-8 KB, about 100 per directory
    gen-tree.py mutate DIR --percent P --seed S         one "day of changes" applied to DIR in place

media: ~60% incompressible "images" (50 KB-3 MB), ~30% compressible text/HTML/JSON/CSS (1-200 KB), ~10% in a
few large files (20-100 MB, fewer and smaller for small trees): alternately an incompressible video and a
compressible SQL dump. Directories nest like a CMS's uploads: uploads/YYYY/MM/, pages/<section>/, data/.

mutate: modifies about P% of the regular files (half get up to 64 KB appended (at most their size, at least 1 KB), half get a 4-64 KB region
overwritten in place, so most of a large file's chunks survive), adds a few new files (sized like the tree's
existing files) and deletes a few. Same DIR content
and seed give the same result.

Same arguments, same bytes: every file's content comes from random.Random seeded with the seed and the file's
path (random.Random's string seeding and randbytes are stable across CPython 3.9+). Generation runs at roughly
200 MB/s of incompressible data, so 2 GB takes well under a minute plus disk time.
"""

import argparse
import math
import os
import random
import sys
import time

KB, MB = 1000, 1000 * 1000
BLOCK = 1 << 20

WORDS = (
    "the a of and to in is for on with as by at from it this that be are was or an which not have has "
    "backup restore snapshot repository media upload image gallery article page post comment author editor "
    "river stone trail summit valley forest meadow harbor compass journey morning evening garden kitchen "
    "recipe bread coffee market village museum bridge library window winter spring summer autumn mountain "
    "coast island festival music painting camera photo story note letter travel map road north south cloud"
).split()


class TextPool:
    """A few MB of word soup generated once; text files are slices of it plus unique lines, so they compress
    like prose (zstd ~3x) without paying Python's per-word cost for every byte."""

    def __init__(self, seed, size=4 * MB):
        rng = random.Random(f"text-pool:{seed}")
        lines, total = [], 0
        while total < size:
            line = " ".join(rng.choice(WORDS) for _ in range(rng.randint(4, 18))).capitalize() + ".\n"
            lines.append(line)
            total += len(line)
        self.data = "".join(lines).encode()

    def text(self, rng, size, label):
        parts, total = [], 0
        while total < size:
            # A unique line every slice: no two files are equal, so whole-file deduplication cannot cheat.
            unique = f"{label} #{rng.getrandbits(64):016x}\n".encode()
            start = rng.randrange(0, len(self.data) - 64 * KB)
            piece = unique + self.data[start:start + rng.randint(2 * KB, 64 * KB)]
            parts.append(piece)
            total += len(piece)
        return b"".join(parts)[:size]


def write_random(path, rng, size, header=b""):
    with open(path, "wb") as out:
        out.write(header)
        remaining = size - len(header)
        while remaining > 0:
            n = min(BLOCK, remaining)
            out.write(rng.randbytes(n))
            remaining -= n


def write_bytes(path, data):
    with open(path, "wb") as out:
        out.write(data)


def ensure_empty(directory):
    if os.path.exists(directory) and os.listdir(directory):
        sys.exit(f"gen-tree: {directory} is not empty; choose a new or empty directory")
    os.makedirs(directory, exist_ok=True)


def log_uniform(rng, lo, hi):
    return int(math.exp(rng.uniform(math.log(lo), math.log(hi))))


def plan_large_files(total):
    """About 10% of the tree in files of 20-100 MB; a small tree gets one smaller file instead."""
    budget = total // 10
    if budget < 20 * MB:
        return [budget] if budget >= 1 * MB else []
    count = max(1, min(8, budget // (60 * MB)))
    size = max(20 * MB, min(100 * MB, budget // count))
    return [size] * count


def gen_media(directory, size_mb, seed):
    ensure_empty(directory)
    rng = random.Random(f"media:{seed}")
    pool = TextPool(seed)
    total = size_mb * MB
    files = written = 0

    def path_for(relative):
        full = os.path.join(directory, relative)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        return full

    for i, size in enumerate(plan_large_files(total)):
        file_rng = random.Random(f"{seed}:large:{i}")
        if i % 2 == 0:
            write_random(path_for(f"uploads/video/clip-{i:02d}.mp4"), file_rng, size, b"\x00\x00\x00\x20ftypisom")
        else:
            write_bytes(path_for(f"exports/dump-{i:02d}.sql"), pool.text(file_rng, size, f"-- dump {i}"))
        files, written = files + 1, written + size

    image_budget, text_budget = written + total * 6 // 10, total
    month_files = 0
    month = 0
    while written < image_budget:
        if month_files >= rng.randint(20, 60):
            month, month_files = month + 1, 0
        year, mon = 2015 + month // 12, month % 12 + 1
        size = log_uniform(rng, 50 * KB, 3 * MB)
        relative = f"uploads/{year}/{mon:02d}/img-{files:06d}.jpg"
        if rng.random() < 0.3:
            relative = f"uploads/{year}/{mon:02d}/thumbs/img-{files:06d}-300x200.jpg"
            size = log_uniform(rng, 50 * KB, 200 * KB)
        write_random(path_for(relative), random.Random(f"{seed}:{relative}"), size, b"\xff\xd8\xff\xe0\x00\x10JFIF\x00")
        files, written, month_files = files + 1, written + size, month_files + 1

    kinds = (("pages", "html"), ("data", "json"), ("assets/css", "css"), ("docs", "txt"))
    while written < text_budget:
        section, ext = kinds[rng.randrange(len(kinds))]
        relative = f"{section}/s{rng.randrange(40):02d}/f-{files:06d}.{ext}"
        size = min(log_uniform(rng, 1 * KB, 200 * KB), text_budget - written) or 1
        write_bytes(path_for(relative), pool.text(random.Random(f"{seed}:{relative}"), size, relative))
        files, written = files + 1, written + size
    return files, written


def gen_small_files(directory, count, seed):
    ensure_empty(directory)
    pool = TextPool(seed, size=1 * MB)
    written = 0
    for i in range(count):
        relative = f"d{i // 10000:03d}/d{(i // 100) % 100:02d}/f-{i:07d}"
        full = os.path.join(directory, relative)
        if i % 100 == 0:
            os.makedirs(os.path.dirname(full), exist_ok=True)
        file_rng = random.Random(f"{seed}:{relative}")
        size = log_uniform(file_rng, 100, 8 * KB)
        if i % 3 == 0:
            write_bytes(full + ".bin", file_rng.randbytes(size))
        else:
            write_bytes(full + ".txt", pool.text(file_rng, size, relative))
        written += size
    return count, written


def regular_files(directory):
    found = []
    for root, dirs, names in os.walk(directory):
        dirs.sort()
        for name in sorted(names):
            path = os.path.join(root, name)
            if os.path.isfile(path) and not os.path.islink(path):
                found.append(path)
    return found


def mutate(directory, percent, seed):
    files = regular_files(directory)
    if not files:
        sys.exit(f"gen-tree: {directory} has no regular files to mutate")
    rng = random.Random(f"mutate:{seed}")
    pool = TextPool(seed, size=1 * MB)
    # New files look like the tree's existing ones: sizes are drawn from files already there.
    sizes = [os.path.getsize(path) for path in files]
    changed = max(1, round(len(files) * percent / 100))
    victims = rng.sample(files, min(len(files), changed + max(1, changed // 10)))
    to_modify, to_delete = victims[:changed], victims[changed:]
    modified_bytes = 0
    for n, path in enumerate(to_modify):
        size = os.path.getsize(path)
        if n % 2 == 0 or size == 0:
            extra = rng.randbytes(rng.randint(1, min(64 * KB, max(1 * KB, size))))
            with open(path, "ab") as out:
                out.write(extra)
        else:
            length = min(size, rng.randint(4 * KB, 64 * KB))
            extra = rng.randbytes(length)
            with open(path, "r+b") as out:
                out.seek(rng.randrange(0, size - length + 1))
                out.write(extra)
        modified_bytes += len(extra)
    for path in to_delete:
        os.remove(path)
    added = max(1, changed // 4)
    new_dir = os.path.join(directory, f"uploads/new-{seed}")
    os.makedirs(new_dir, exist_ok=True)
    added_bytes = 0
    for i in range(added):
        size = max(1, int(rng.choice(sizes) * rng.uniform(0.5, 1.5)))
        if i % 2 == 0:
            write_random(os.path.join(new_dir, f"new-{i:05d}.jpg"), rng, size)
        else:
            write_bytes(os.path.join(new_dir, f"new-{i:05d}.html"), pool.text(rng, size, f"new {seed} {i}"))
        added_bytes += size
    print(f"mutate: {len(files)} files; modified {len(to_modify)} ({modified_bytes} bytes), "
          f"deleted {len(to_delete)}, added {added} ({added_bytes} bytes)", file=sys.stderr)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    media = sub.add_parser("media", help="website media tree of about --size-mb MB")
    media.add_argument("dir")
    media.add_argument("--size-mb", type=int, required=True)
    media.add_argument("--seed", type=int, default=1)
    small = sub.add_parser("small-files", help="--count small files")
    small.add_argument("dir")
    small.add_argument("--count", type=int, required=True)
    small.add_argument("--seed", type=int, default=1)
    mut = sub.add_parser("mutate", help="apply one day of changes in place")
    mut.add_argument("dir")
    mut.add_argument("--percent", type=float, default=2.0)
    mut.add_argument("--seed", type=int, required=True)
    args = parser.parse_args()

    started = time.monotonic()
    if args.command == "media":
        files, written = gen_media(args.dir, args.size_mb, args.seed)
    elif args.command == "small-files":
        files, written = gen_small_files(args.dir, args.count, args.seed)
    else:
        mutate(args.dir, args.percent, args.seed)
        return
    elapsed = time.monotonic() - started
    print(f"{args.command}: {files} files, {written / MB:.1f} MB in {args.dir} ({elapsed:.1f} s)", file=sys.stderr)


if __name__ == "__main__":
    main()
