"""The request memo computes once inside a request, every time outside one, and ends with it."""

from schoolprivacy.lib.request_memo import forget, is_open, memoised, request_memo


class Counter:
    def __init__(self) -> None:
        self.calls = 0

    def __call__(self) -> int:
        self.calls += 1
        return self.calls


def test_outside_a_request_every_call_computes() -> None:
    count = Counter()
    assert not is_open()
    assert [memoised("k", count), memoised("k", count)] == [1, 2]


def test_inside_a_request_each_key_is_computed_once() -> None:
    count, other = Counter(), Counter()
    with request_memo():
        assert [memoised("k", count), memoised("k", count)] == [1, 1]
        assert memoised("other", other) == 1
    assert (count.calls, other.calls) == (1, 1)


def test_forget_makes_the_next_call_compute_again() -> None:
    count = Counter()
    with request_memo():
        memoised("k", count)
        forget()
        assert memoised("k", count) == 2


def test_nothing_outlives_the_request() -> None:
    count = Counter()
    with request_memo():
        memoised("k", count)
    assert not is_open()
    with request_memo():
        assert memoised("k", count) == 2


def test_the_memo_ends_when_the_request_fails() -> None:
    try:
        with request_memo():
            raise ValueError
    except ValueError:
        pass
    assert not is_open()
