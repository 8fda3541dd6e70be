"""Running test code in many threads at once, for the tests that prove nothing is lost under contention."""

import threading

from django.db import connections


def run_threads(count: int, target) -> list[BaseException]:
    """Run `target(index)` in `count` threads released together; each closes its own DB connections."""
    barrier = threading.Barrier(count)
    errors: list[BaseException] = []

    def body(index):
        try:
            barrier.wait(timeout=30)
            target(index)
        except BaseException as error:  # collected: the test asserts there were none
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=body, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a thread hung"
    return errors
