"""Run localstripe on 127.0.0.1 only, with a store file of our own.

``python -m payments.localstripe_runner --port 8420 --store var/localstripe.pickle``

The stock ``localstripe`` command binds every interface and shares /tmp/localstripe.pickle with every
instance on the machine; this wrapper fixes both (see shared/reference/localstripe.md). It also installs the
test double for Stripe's bank payment methods (``payments/localstripe_double.py``, docs/payment-methods.md).
"""

from __future__ import annotations

import argparse
import logging
import pickle
from pathlib import Path

from payments import localstripe_double


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=8420)
    parser.add_argument("--store", type=Path, default=None, help="pickle file; omit to keep the store in memory")
    parser.add_argument(
        "--blik-timeout", type=float, default=None, help="seconds before an unapproved BLIK payment fails (60)"
    )
    args = parser.parse_args()

    from aiohttp import web
    from localstripe import resources

    # The test double for Stripe's bank methods (iDEAL, Bancontact, Przelewy24, BLIK, PayPal): it must patch
    # localstripe's route table before ``localstripe.server`` builds its routes from it.
    localstripe_double.install(base_url=f"http://127.0.0.1:{args.port}", blik_timeout=args.blik_timeout)
    from localstripe import server

    localstripe_double.install_middleware(server.app)

    store_path: Path | None = args.store

    def try_load_from_disk(self) -> None:
        if store_path and store_path.exists():
            with store_path.open("rb") as f:
                self.clear()
                self.update(pickle.load(f))  # noqa: S301 - our own file, written below

    def dump_to_disk(self) -> None:
        if store_path:
            tmp = store_path.with_suffix(".tmp")
            with tmp.open("wb") as f:
                pickle.dump(dict(self), f, protocol=pickle.HIGHEST_PROTOCOL)
            tmp.replace(store_path)

    resources.Store.try_load_from_disk = try_load_from_disk
    resources.Store.dump_to_disk = dump_to_disk
    if store_path:
        store_path.parent.mkdir(parents=True, exist_ok=True)
    resources.store.try_load_from_disk()

    logging.basicConfig(level=logging.WARNING)
    web.run_app(server.app, host="127.0.0.1", port=args.port, print=None, access_log=None)


if __name__ == "__main__":
    main()
