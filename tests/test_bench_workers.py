"""The workers benchmark's real-page web: a real saved page, this web's block first, its own links off loopback."""

from __future__ import annotations

import sys

from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_workers import on_real_page

PAGE = ("<html><head><title>t</title></head><BODY class='x'>"
        "<a href='/2019/05/post/'>a</a> <a href=\"page.html?x=1\">b</a> <a href=next/>c</a> "
        "<a href=\"https://real.example/x\">d</a> <a href=\"#top\">e</a> <a href=\"mailto:m@real.example\">f</a> "
        "<a class=\"k\" href=\"//cdn.example/y\">g</a></BODY></html>")


def test_a_real_page_gets_the_block_first_and_its_relative_links_leave_loopback() -> None:
    out = on_real_page([PAGE], "3 /post-2/", '<a href="http://127.0.0.1:9/post-3/">next</a>')
    assert out == ("<html><head><title>t</title></head><BODY class='x'>"
                   '<a href="http://127.0.0.1:9/post-3/">next</a>'
                   "<a href='https://saved.example/2019/05/post/'>a</a> "
                   '<a href="https://saved.example/page.html?x=1">b</a> <a href=https://saved.example/next/>c</a> '
                   '<a href="https://real.example/x">d</a> <a href="#top">e</a> <a href="mailto:m@real.example">f</a> '
                   '<a class="k" href="//cdn.example/y">g</a></BODY></html>')


def test_the_same_address_gets_the_same_page_and_a_page_without_body_gets_the_block_first() -> None:
    pool = ["<p>one</p>", "<p>two</p>", "<p>three</p>"]
    picks = {on_real_page(pool, f"{site} /", "") for site in range(30)}
    assert picks == set(pool)  # every page of the pool is used
    assert on_real_page(pool, "7 /post-1/", "[b]") == on_real_page(pool, "7 /post-1/", "[b]")
    assert on_real_page(pool, "7 /post-1/", "[b]").startswith("[b]<p>")


def test_a_running_process_cpu_is_read_from_proc() -> None:
    import os
    import time

    from bench_workers import process_cpu

    before, start = process_cpu(os.getpid()), time.process_time()
    while time.process_time() - start < 0.1:  # work, not wait: the figure is CPU time
        sum(range(1000))
    assert 0.05 <= process_cpu(os.getpid()) - before <= 0.1 + 0.05
