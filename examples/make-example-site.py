#!/usr/bin/env python3
"""Generates the bundled example site, examples/site/: a small blog's SQLite database and its media uploads.

    python3 examples/make-example-site.py [--out examples/site]

Deterministic: the same Python and SQLite versions produce the same bytes (the SQLite file header records the
library version, so another SQLite may differ in those few bytes). The output is committed so that `./cairn demo`
and the tests need no Python; this script is how it was made and how to change it.

What the tree exercises in a backup: a database file, incompressible "photos" and one 3 MiB video (several
content-defined chunks: restic's chunker cuts at 512 KiB minimum, about 1 MiB apart on average), compressible
text, nested directories, an empty file, names with a space and non-ASCII letters, and a relative symlink.
Git does not keep empty directories or modification times, so the tree has no empty directory.
"""

import argparse
import hashlib
import os
import random
import shutil
import sqlite3
import sys
from datetime import datetime, timedelta, timezone

SEED = 20250101
EPOCH = datetime(2025, 1, 6, 9, 0, 0, tzinfo=timezone.utc)

WORDS = (
    "backup restore snapshot cairn river stone trail summit valley forest meadow lantern harbor compass "
    "journey morning evening quiet bright garden kitchen recipe bread coffee market village museum bridge "
    "library window garden winter spring summer autumn mountain coast island harbor festival music "
    "painting camera photo story note letter travel map road path north south east west cloud rain"
).split()


def sentence(rng, lo=6, hi=16):
    words = [rng.choice(WORDS) for _ in range(rng.randint(lo, hi))]
    return " ".join(words).capitalize() + "."


def paragraph(rng, sentences=5):
    return " ".join(sentence(rng) for _ in range(sentences))


def stamp(offset_minutes):
    return (EPOCH + timedelta(minutes=offset_minutes)).strftime("%Y-%m-%dT%H:%M:%SZ")


def pseudo_random_bytes(label, size):
    """Incompressible bytes, fully determined by the label (SHAKE-256 is specified, unlike random's internals)."""
    return hashlib.shake_256(f"cairn-example/{SEED}/{label}".encode()).digest(size)


def fake_jpeg(label, size):
    """JPEG markers around incompressible bytes: looks like a photo to `file`, deduplicates and compresses like one."""
    header = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    body = pseudo_random_bytes(label, size - len(header) - 2)
    return header + body + b"\xff\xd9"


def make_database(path):
    rng = random.Random(SEED)
    tmp = path + ".tmp"
    if os.path.exists(tmp):
        os.remove(tmp)
    db = sqlite3.connect(tmp)
    db.executescript(
        """
        PRAGMA page_size = 4096;
        PRAGMA journal_mode = DELETE;
        CREATE TABLE users (
            id INTEGER PRIMARY KEY, username TEXT NOT NULL UNIQUE, email TEXT NOT NULL UNIQUE,
            display_name TEXT NOT NULL, role TEXT NOT NULL CHECK (role IN ('admin', 'editor', 'reader')),
            created_at TEXT NOT NULL);
        CREATE TABLE posts (
            id INTEGER PRIMARY KEY, author_id INTEGER NOT NULL REFERENCES users(id), title TEXT NOT NULL,
            slug TEXT NOT NULL UNIQUE, body TEXT NOT NULL, cover_image TEXT,
            status TEXT NOT NULL CHECK (status IN ('draft', 'published')), published_at TEXT);
        CREATE TABLE comments (
            id INTEGER PRIMARY KEY, post_id INTEGER NOT NULL REFERENCES posts(id),
            user_id INTEGER NOT NULL REFERENCES users(id), body TEXT NOT NULL, created_at TEXT NOT NULL);
        CREATE TABLE tags (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
        CREATE TABLE post_tags (
            post_id INTEGER NOT NULL REFERENCES posts(id), tag_id INTEGER NOT NULL REFERENCES tags(id),
            PRIMARY KEY (post_id, tag_id));
        CREATE INDEX comments_by_post ON comments(post_id);
        """
    )
    first = ["ana", "ben", "chloé", "dmitri", "emma", "farid", "grace", "hiro", "inès", "jonas", "kofi", "lena"]
    users = []
    for i, name in enumerate(first + [f"reader{n:02d}" for n in range(1, 13)], start=1):
        role = "admin" if i == 1 else "editor" if i <= 5 else "reader"
        users.append((i, name, f"{name}@example.org", name.capitalize(), role, stamp(-60 * 24 * (40 - i))))
    db.executemany("INSERT INTO users VALUES (?, ?, ?, ?, ?, ?)", users)

    tags = ["news", "travel", "food", "photography", "howto", "release", "community", "café"]
    db.executemany("INSERT INTO tags VALUES (?, ?)", list(enumerate(tags, start=1)))

    posts, post_tags, comments = [], [], []
    for post_id in range(1, 81):
        title = sentence(rng, 3, 7).rstrip(".")
        slug = f"{post_id:03d}-" + "-".join(title.lower().split()[:4])
        published = rng.random() < 0.85
        body = "\n\n".join(paragraph(rng, rng.randint(3, 7)) for _ in range(rng.randint(2, 6)))
        cover = f"uploads/2025/01/photo-{rng.randint(1, 6):02d}.jpg" if rng.random() < 0.5 else None
        posts.append((post_id, rng.randint(1, 5), title, slug, body, cover,
                      "published" if published else "draft", stamp(post_id * 720) if published else None))
        for tag_id in sorted(rng.sample(range(1, len(tags) + 1), rng.randint(1, 3))):
            post_tags.append((post_id, tag_id))
        if published:
            for _ in range(rng.randint(0, 8)):
                comments.append((len(comments) + 1, post_id, rng.randint(1, len(users)),
                                 sentence(rng, 4, 30), stamp(post_id * 720 + rng.randint(5, 5000))))
    db.executemany("INSERT INTO posts VALUES (?, ?, ?, ?, ?, ?, ?, ?)", posts)
    db.executemany("INSERT INTO post_tags VALUES (?, ?)", post_tags)
    db.executemany("INSERT INTO comments VALUES (?, ?, ?, ?, ?)", comments)
    db.commit()
    db.execute("VACUUM")
    db.close()
    os.replace(tmp, path)
    return {"users": len(users), "posts": len(posts), "comments": len(comments), "post_tags": len(post_tags)}


def write(root, relative, data):
    path = os.path.join(root, relative)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as out:
        out.write(data.encode("utf-8") if isinstance(data, str) else data)


def make_media(root):
    rng = random.Random(SEED + 1)
    for n in range(1, 7):
        write(root, f"uploads/2025/01/photo-{n:02d}.jpg", fake_jpeg(f"photo-{n}", rng.randint(40_000, 260_000)))
        write(root, f"uploads/2025/01/thumbs/small/photo-{n:02d}.jpg", fake_jpeg(f"thumb-{n}", rng.randint(3_000, 9_000)))
    write(root, "uploads/2025/01/logo.png", b"\x89PNG\r\n\x1a\n" + pseudo_random_bytes("logo", 12_000))
    # 3 MiB: with 512 KiB minimum chunks and ~1 MiB average spacing it is nearly always several chunks.
    write(root, "uploads/2025/03/intro-video.mp4",
          b"\x00\x00\x00\x20ftypisom" + pseudo_random_bytes("intro-video", 3 * 1024 * 1024 - 12))
    write(root, "uploads/2025/02/café menu.txt",
          "Café du Marché — menu\n\n" + "\n".join(f"{i}. {sentence(rng, 2, 5)} {rng.randint(3, 19)},50 €"
                                                  for i in range(1, 25)) + "\n")
    write(root, "uploads/2025/02/Überblick 2025 – Q1.csv",
          "month;visits;orders\n" + "".join(f"2025-0{m};{rng.randint(1000, 9000)};{rng.randint(10, 90)}\n"
                                            for m in (1, 2, 3)))
    write(root, "uploads/2025/02/report.json",
          "{\n" + ",\n".join(f'  "day-{d:02d}": {{"visits": {rng.randint(100, 999)}, "note": "{sentence(rng)}"}}'
                             for d in range(1, 29)) + "\n}\n")
    css_rules = "".join(f".block-{i} {{ margin: {i % 7}px; padding: {i % 5}px; color: #{i * 2731 % 0xFFFFFF:06x}; }}\n"
                        for i in range(1, 400))
    write(root, "assets/css/site.css", "/* Example blog theme */\nbody { font-family: serif; }\n" + css_rules)
    write(root, "assets/js/app.js",
          "// Example blog script\n" + "".join(f"export function f{i}(x) {{ return x * {i} + {i % 13}; }}\n"
                                              for i in range(1, 300)))
    for page in ("about", "contact", "archive"):
        body = "".join(f"<p>{paragraph(rng, 4)}</p>\n" for _ in range(12))
        write(root, f"pages/{page}.html",
              f"<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{page}</title></head>\n"
              f"<body><h1>{page.capitalize()}</h1>\n{body}</body></html>\n")
    write(root, "robots.txt", "User-agent: *\nDisallow: /cache/\n")
    write(root, "cache/empty.lock", b"")
    os.symlink("../uploads/2025/01/logo.png", os.path.join(root, "assets/logo-current.png"))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "site"))
    args = parser.parse_args()
    db_dir, media_dir = os.path.join(args.out, "db"), os.path.join(args.out, "media")
    # Only the two generated folders are replaced; anything else under --out is left alone.
    for folder in (db_dir, media_dir):
        shutil.rmtree(folder, ignore_errors=True)
        os.makedirs(folder)
    counts = make_database(os.path.join(db_dir, "site.sqlite"))
    make_media(media_dir)
    total = sum(os.lstat(os.path.join(d, f)).st_size for d, _, fs in os.walk(args.out) for f in fs)
    print(f"wrote {args.out}: {counts}, {total / 1e6:.2f} MB", file=sys.stderr)


if __name__ == "__main__":
    main()
