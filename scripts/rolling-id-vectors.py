#!/usr/bin/env python3
"""Independent reference implementation of DESIGN.md's rolling-ID derivation.

Written from the spec alone (RFC 5869 HKDF over Python's hmac, AES from the openssl command),
sharing no code with libs/rolling-id. It writes docs/rolling-id-vectors.json, which the
TypeScript tests check libs/rolling-id against:  python3 scripts/rolling-id-vectors.py
"""
import hashlib
import hmac
import json
import pathlib
import struct
import subprocess


def hkdf_sha256(ikm: bytes, salt: bytes, info: bytes, length: int = 16) -> bytes:
    prk = hmac.new(salt if salt else b"\x00" * 32, ikm, hashlib.sha256).digest()
    okm, block, counter = b"", b"", 1
    while len(okm) < length:
        block = hmac.new(prk, block + info + bytes([counter]), hashlib.sha256).digest()
        okm += block
        counter += 1
    return okm[:length]


def aes128_ecb(key: bytes, block: bytes) -> bytes:
    out = subprocess.run(
        ["openssl", "enc", "-aes-128-ecb", "-nopad", "-K", key.hex()],
        input=block, capture_output=True, check=True,
    )
    return out.stdout


def vector(master_key_hex: str, device_id: str, interval: int) -> dict:
    day = interval // 144
    k_dev = hkdf_sha256(bytes.fromhex(master_key_hex), b"usual/device/v1", device_id.encode("utf-8"))
    dk = hkdf_sha256(k_dev, b"", b"usual/day" + struct.pack(">I", day))
    rik = hkdf_sha256(dk, b"", b"usual/rik")
    rid = aes128_ecb(rik, b"USUAL-RID" + b"\x00\x00\x00" + struct.pack("<I", interval))
    return {
        "master_key_hex": master_key_hex,
        "device_id": device_id,
        "interval": interval,
        "day": day,
        "device_root_key_hex": k_dev.hex(),
        "daily_key_hex": dk.hex(),
        "rolling_id_key_hex": rik.hex(),
        "rolling_id_hex": rid.hex(),
    }


CASES = [
    ("000102030405060708090a0b0c0d0e0f", "device-1", 0),
    ("000102030405060708090a0b0c0d0e0f", "device-1", 143),  # last interval of day 0
    ("000102030405060708090a0b0c0d0e0f", "device-1", 144),  # first interval of day 1
    ("000102030405060708090a0b0c0d0e0f", "device-2", 144),  # other device, same interval
    ("00112233445566778899aabbccddeeff", "Wq3bDqvEUtS6NM2Yb1fL0A", 2992319),  # 2026-11-23, end of day 20780
    ("00112233445566778899aabbccddeeff", "Wq3bDqvEUtS6NM2Yb1fL0A", 2992320),  # start of day 20781
    ("00112233445566778899aabbccddeeff", "Wq3bDqvEUtS6NM2Yb1fL0A", 2992321),
    ("ffeeddccbbaa99887766554433221100", "montre-de-zoé", 2992400),  # non-ASCII device id (UTF-8)
    ("ffeeddccbbaa99887766554433221100", "band-7", 4294967295 - 4294967295 % 144 - 1),  # largest day boundary
    ("ffeeddccbbaa99887766554433221100", "band-7", 4294967295),  # largest uint32 interval
]

if __name__ == "__main__":
    path = pathlib.Path(__file__).resolve().parent.parent / "docs" / "rolling-id-vectors.json"
    path.write_text(json.dumps([vector(*case) for case in CASES], indent=2) + "\n")
    print(f"wrote {len(CASES)} vectors to {path}")
