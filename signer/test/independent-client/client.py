#!/usr/bin/env python3
"""An independent eftPay VMP client, written from docs/protocol.md alone (standard library only).

It shares no code with the signer: if the sandbox and this script agree, the sandbox speaks the
documented protocol and not merely our own reading of it. It places a web/WAP PreOrder (section
"PreOrder") on a running gateway, verifies the reply's signature (section "Signature"), and checks
that the gateway refuses a request with a wrong signature, a too-long field, a bad amount, a stale
time, an unknown user_confirm_key and a duplicate out_trade_no. It prints one JSON summary on stdout.

Usage: client.py --base http://127.0.0.1:8788/sandbox/VMP --user-key SANDBOX00001 --secret SECRET
"""

import argparse
import datetime
import hashlib
import hmac
import json
import random
import string
import sys
import urllib.error
import urllib.request

HK = datetime.timezone(datetime.timedelta(hours=8))  # docs/protocol.md "Time": Hong Kong time, UTC+8, no DST


def gateway_time(offset_seconds=0):
    """`yyyyMMddHHmmss` in Hong Kong time (docs/protocol.md "Time")."""
    now = datetime.datetime.now(HK) + datetime.timedelta(seconds=offset_seconds)
    return now.strftime("%Y%m%d%H%M%S")


def canonical(params, keep_empty=False):
    """docs/protocol.md "Signature": drop `sign` (and empty values), sort keys byte-wise, join raw `k=v` with `&`."""
    pairs = []
    for key in sorted(params):  # Python's sorted() on str is code-point order = byte order for ASCII
        value = params[key]
        if key == "sign" or value is None:
            continue
        if value == "" and not keep_empty:
            continue
        pairs.append(key + "=" + value)
    return "&".join(pairs)


def make_sign(params, secret):
    """docs/protocol.md "Signature": SHA-256 of secret + canonical string, UTF-8, lowercase hex."""
    return hashlib.sha256((secret + canonical(params)).encode("utf-8")).hexdigest()


def verify(params, secret):
    """docs/protocol.md "Signature": verify over all fields as received, then with empty values dropped."""
    received = params.get("sign")
    if not isinstance(received, str) or not received:
        return False
    if any(not isinstance(v, str) for v in params.values()):
        return False
    for keep in (True, False):
        digest = hashlib.sha256((secret + canonical(params, keep)).encode("utf-8")).hexdigest()
        if hmac.compare_digest(digest, received.lower()):
            return True
    return False


def post(url, body):
    """POST a flat JSON object as Python's default json.dumps writes it, with spaces and \\u escapes
    (the gateway accepts any JSON formatting: docs/protocol.md "Transport")."""
    data = json.dumps(body).encode("utf-8")
    request = urllib.request.Request(url, data=data, method="POST", headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.loads(response.read().decode("utf-8"))
    except urllib.error.HTTPError as error:
        return {"http_error": error.code}


def order_number(prefix):
    return prefix + "".join(random.choice(string.ascii_uppercase + string.digits) for _ in range(12))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", required=True, help="gateway base URL, up to and including /VMP")
    parser.add_argument("--user-key", required=True)
    parser.add_argument("--secret", required=True)
    args = parser.parse_args()
    url = args.base.rstrip("/") + "/Servlet/JSAPIService.do"

    def preorder(**overrides):
        params = {
            "service": "service.alipay.wap.PreOrder",
            "user_confirm_key": args.user_key,
            "transaction_amount": "0.10",
            "out_trade_no": order_number("PY"),
            "payType": "Alipay",
            "buyerType": "android",
            "subject": "\u6e2c\u8a66 test",  # non-ASCII: signed as raw UTF-8
            "wallet": "ALIPAYHK",
            "pay_scene": "WAP",
            "time": gateway_time(),
        }
        params.update(overrides)
        return params

    def send(params, secret=None):
        body = dict(params)
        body["sign"] = make_sign(body, secret or args.secret)
        return post(url, body)

    summary = {"preorder": {}, "refusals": {}, "ok": False}

    # The accepted PreOrder (docs/protocol.md "PreOrder").
    accepted = preorder()
    reply = send(accepted)
    summary["preorder"] = {
        "return_status": reply.get("return_status"),
        "signature_valid": verify(reply, args.secret),
        "eft_trade_no": reply.get("eft_trade_no"),
        "pay_apptrade": reply.get("pay_apptrade"),
        "out_trade_no_echoed": reply.get("out_trade_no") == accepted["out_trade_no"],
    }

    # Each refusal: a non-"00" return_status with a return_char, and a signed reply (the sandbox signs
    # every refusal: docs/protocol.md "Sandbox").
    cases = {
        "wrong_signature": lambda: send(preorder(), secret=args.secret + "x"),
        "too_long_field": lambda: send(preorder(subject="x" * 257)),
        "bad_amount": lambda: send(preorder(transaction_amount="1.234")),
        "stale_time": lambda: send(preorder(time=gateway_time(-3600))),
        "unknown_key": lambda: send(preorder(user_confirm_key="UNKNOWN00000")),
        "duplicate_out_trade_no": lambda: send(preorder(out_trade_no=accepted["out_trade_no"])),
    }
    for name, run in cases.items():
        answer = run()
        status = answer.get("return_status")
        summary["refusals"][name] = {
            "return_status": status,
            "refused": isinstance(status, str) and status != "00",
            "return_char": answer.get("return_char"),
            "signature_valid": verify(answer, args.secret),
        }

    codes = [r["return_status"] for r in summary["refusals"].values()]
    summary["distinct_codes"] = len(set(codes)) == len(codes)
    summary["ok"] = (
        summary["preorder"]["return_status"] == "00"
        and summary["preorder"]["signature_valid"]
        and all(r["refused"] and r["signature_valid"] for r in summary["refusals"].values())
    )
    json.dump(summary, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0 if summary["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
