#!/usr/bin/env python3
"""Checks the Rust Zhang–Suen thinning (crates/core/src/thin/zhang_suen.rs) against scikit-image.

scikit-image's `skimage.morphology.skeletonize` (2-D, method 'zhang') is the contract of the
skeleton counts (clDice), including where its lookup table departs from the paper. This script:

1. computes, with scikit-image, the digest of the skeletons of the deterministic images that the
   Rust unit test `skeletons_match_scikit_image_digest` thins, and checks it against the digest
   written in that test (so the Rust test, which needs no Python, holds the table to scikit-image);
2. builds a tiny harness that compiles zhang_suen.rs on its own, and compares both Rust
   implementations (fast and dense reference) with scikit-image pixel for pixel on many random and
   structured images (noise, blobs, smoothed noise, 2x2 squares, diagonal lines, thick curves,
   images filled to every border, rectangles, openings).

Usage: python3 scripts/check-skeleton.py [images=5000] [seed=1] [max_side=48]
Needs numpy, scipy, scikit-image and cargo. Not used by any test at run time.
"""
import os
import re
import struct
import subprocess
import sys
import tempfile

import numpy as np
from scipy import ndimage
from skimage.morphology import skeletonize

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SOURCE = os.path.join(ROOT, "crates", "core", "src", "thin", "zhang_suen.rs")
MASK = (1 << 64) - 1


class XorShift:
    """The generator of the Rust unit test (xorshift64, shifts 13, 7, 17)."""

    def __init__(self, seed):
        self.state = seed

    def below(self, n):
        s = self.state
        s ^= (s << 13) & MASK
        s ^= s >> 7
        s ^= (s << 17) & MASK
        self.state = s
        return s % n


def digest_images(count=300, seed=0x2545F4914F6CDD1D):
    """The images of the Rust digest test, generated exactly as it does."""
    rng = XorShift(seed)
    for i in range(count):
        w = 3 + rng.below(30)
        h = 3 + rng.below(30)
        img = np.zeros((h, w), bool)
        style = i % 3
        if style == 0:
            d = rng.below(100)
            for y in range(h):
                for x in range(w):
                    img[y, x] = rng.below(100) < d
        elif style == 1:
            for _ in range(1 + rng.below(6)):
                x0, y0 = rng.below(w), rng.below(h)
                rw, rh = 1 + rng.below(12), 1 + rng.below(12)
                img[y0 : y0 + rh, x0 : x0 + rw] = True
        else:
            for _ in range(1 + rng.below(3)):
                x = rng.below(w)
                t = 1 + rng.below(4)
                for y in range(h):
                    x = min(max(x + rng.below(5) - 2, 0), w - 1)
                    img[y, x : x + t] = True
        yield img


def fnv1a(data, h=0xCBF29CE484222325):
    for b in data:
        h ^= b
        h = (h * 0x100000001B3) & MASK
    return h


def check_digest():
    h = 0xCBF29CE484222325
    for img in digest_images():
        skel = skeletonize(img)
        h = fnv1a(bytes([img.shape[1], img.shape[0]]) + skel.astype(np.uint8).tobytes(), h)
    text = open(SOURCE).read()
    m = re.search(r"const SKIMAGE_DIGEST: u64 = (0x[0-9a-f_]+);", text)
    written = int(m.group(1).replace("_", ""), 16) if m else None
    print(f"scikit-image digest of the unit test's images: {h:#018x}")
    if written != h:
        print(f"MISMATCH: zhang_suen.rs says {written:#018x}" if written else "no digest in zhang_suen.rs")
        return False
    return True


HARNESS = """
#[path = "%s"]
#[allow(dead_code)]
mod zhang_suen;
use std::io::{Read, Write};
use zhang_suen::*;
// Input: records (u16 h, u16 w, h*w bytes); output per record: the fast skeleton, then the
// reference skeleton (h*w bytes each).
fn main() {
    let mut input = Vec::new();
    std::io::stdin().read_to_end(&mut input).unwrap();
    let (mut out, mut pos, mut scratch) = (Vec::new(), 0, Scratch::default());
    while pos < input.len() {
        let h = u16::from_le_bytes([input[pos], input[pos + 1]]) as usize;
        let w = u16::from_le_bytes([input[pos + 2], input[pos + 3]]) as usize;
        pos += 4;
        let image: Vec<bool> = input[pos..pos + h * w].iter().map(|&b| b != 0).collect();
        pos += h * w;
        let stride = (w + 2).div_ceil(8) * 8;
        let bytes = stride / 8 * (h + 2) + 8;
        let (mut fg, mut queued) = (vec![0u8; bytes], vec![0u8; bytes]);
        let mut pixels = Vec::new();
        for y in 0..h {
            for x in 0..w {
                if image[y * w + x] {
                    let p = (y + 1) * stride + x + 1;
                    fg[p >> 3] |= 1 << (p & 7);
                    pixels.push(p);
                }
            }
        }
        thin(&mut fg, &mut queued, stride, pixels, &mut scratch);
        for y in 0..h {
            for x in 0..w {
                let p = (y + 1) * stride + x + 1;
                out.push(fg[p >> 3] >> (p & 7) & 1);
            }
        }
        let mut reference = image.clone();
        thin_reference(&mut reference, w, h);
        out.extend(reference.iter().map(|&b| b as u8));
    }
    std::io::stdout().write_all(&out).unwrap();
}
"""


def build_harness(directory):
    os.makedirs(os.path.join(directory, "src"), exist_ok=True)
    with open(os.path.join(directory, "Cargo.toml"), "w") as f:
        f.write('[package]\nname = "zs-harness"\nversion = "0.0.0"\nedition = "2021"\n'
                "[profile.release]\ndebug-assertions = true\noverflow-checks = true\n")
    with open(os.path.join(directory, "src", "main.rs"), "w") as f:
        f.write(HARNESS % SOURCE)
    subprocess.run(["cargo", "build", "--release", "-q"], cwd=directory, check=True)
    return os.path.join(directory, "target", "release", "zs-harness")


def random_images(count, seed, max_side):
    rng = np.random.default_rng(seed)

    def walk(h, w):
        img = np.zeros((h, w), bool)
        x = rng.integers(0, w)
        for y in range(h):
            x = int(np.clip(x + rng.integers(-2, 3), 0, w - 1))
            img[y, x] = True
        return img

    for i in range(count):
        h, w = rng.integers(1, max_side, 2)
        k = i % 9
        if k == 0:
            img = rng.random((h, w)) < rng.random()
        elif k == 1:
            img = ndimage.binary_dilation(rng.random((h, w)) < 0.03, iterations=int(rng.integers(1, 5)))
        elif k == 2:
            img = ndimage.gaussian_filter(rng.random((h, w)), rng.uniform(1, 4)) > 0.5
        elif k == 3:  # 2x2 squares
            img = np.zeros((h, w), bool)
            for _ in range(rng.integers(1, 8)):
                y, x = rng.integers(0, h), rng.integers(0, w)
                img[y : y + 2, x : x + 2] = True
        elif k == 4:  # diagonal lines 1-3 px thick
            yy, xx = np.mgrid[:h, :w]
            img = np.abs(xx - yy - rng.integers(-w, w)) < rng.integers(1, 4)
            if rng.random() < 0.5:
                img = img[:, ::-1]
        elif k == 5:  # thin and thick curves down the rows
            img = walk(h, w)
            if rng.random() < 0.7:
                img = ndimage.binary_dilation(img, iterations=int(rng.integers(1, 3)))
        elif k == 6:  # filled to every border, a few holes
            img = np.ones((h, w), bool)
            img[rng.random((h, w)) < 0.03] = False
        elif k == 7:  # rectangles
            img = np.zeros((h, w), bool)
            for _ in range(rng.integers(1, 5)):
                y0, x0 = rng.integers(0, h), rng.integers(0, w)
                img[y0 : y0 + rng.integers(1, 15), x0 : x0 + rng.integers(1, 15)] = True
        else:
            img = ndimage.binary_opening(rng.random((h, w)) < rng.uniform(0.3, 0.8))
        yield img


def check_random(count, seed, max_side):
    images = list(random_images(count, seed, max_side))
    data = b"".join(struct.pack("<HH", *im.shape) + im.astype(np.uint8).tobytes() for im in images)
    with tempfile.TemporaryDirectory() as tmp:
        out = subprocess.run([build_harness(tmp)], input=data, capture_output=True, check=True).stdout
    pos, bad_fast, bad_reference, pixels = 0, 0, 0, 0
    for im in images:
        n = im.size
        fast = np.frombuffer(out[pos : pos + n], np.uint8).reshape(im.shape)
        reference = np.frombuffer(out[pos + n : pos + 2 * n], np.uint8).reshape(im.shape)
        pos += 2 * n
        want = skeletonize(im).astype(np.uint8)
        pixels += int(im.sum())
        bad_fast += not (fast == want).all()
        bad_reference += not (reference == want).all()
    print(f"{count} random images ({pixels} foreground pixels): "
          f"{bad_fast} differ from scikit-image (fast), {bad_reference} (reference)")
    return bad_fast == 0 and bad_reference == 0


def main():
    args = [int(a) for a in sys.argv[1:]]
    count, seed, max_side = (args + [5000, 1, 48][len(args):])[:3]
    ok = check_digest()
    ok = check_random(count, seed, max_side) and ok
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
