"""The list this project started from, with its real defects, asserted finding by finding."""

from pathlib import Path

from awesome_lint.engine import Linter

FIXTURES = Path(__file__).parent / "fixtures"

HTTP = 'insecure URL "{}": use https://'
SPACES = 'spaces at the {} of the link text "[{}]": GitHub underlines them'

SEED_FINDINGS = [
    # The front matter (lines 1-4) is not Markdown: no setext heading, nothing reported there.
    # First list: 1. 2. 3. 4. 5. then 1. x21: "one" style needs 4 renumbered, "ordered" 21.
    (6, 1, 9, 2, "AL101", "4 list items numbered 2 to 5 should all be 1 (this list numbers every item 1)"),
    (6, 57, 6, 124, "AL202", HTTP.format("http://zoo.cs.yale.edu/classes/cs426/2012/bib/fischer83consensus.pdf")),
    (10, 34, 10, 65, "AL202", HTTP.format("http://the-paper-trail.org/blog/")),
    (12, 40, 12, 63, "AL202", HTTP.format("http://verdi.uwplse.org/")),
    (16, 26, 16, 71, "AL202", HTTP.format("http://highscalability.com/google-architecture")),
    (17, 47, 17, 94, "AL202", HTTP.format("http://highscalability.com/blog/category/example")),
    (18, 38, 18, 98, "AL202", HTTP.format("http://highscalability.squarespace.com/blog/category/strategy")),
    (22, 5, 22, 85, "AL403", SPACES.format("end", "Distributed architecture… a large payment system ")),
    (24, 19, 24, 126, "AL202", HTTP.format("http://highscalability.com/blog/2016/10/12/lessons-learned-from-scaling-uber-to…")),
    (25, 35, 25, 137, "AL202", HTTP.format("http://highscalability.com/blog/2016/6/27/how-facebook-live-streams-to-800000-s…")),
    (26, 40, 26, 128, "AL202", HTTP.format("http://highscalability.com/blog/2016/4/20/how-twitter-handles-3000-images-per-s…")),
    (27, 23, 27, 128, "AL202", HTTP.format("http://highscalability.com/blog/2013/7/8/the-architecture-twitter-uses-to-deal-…")),
    (27, 141, 27, 203, "AL202", HTTP.format("http://www.infoq.com/presentations/Twitter-Timeline-Scalability")),
    (28, 14, 28, 116, "AL202", HTTP.format("http://highscalability.com/blog/2011/12/19/how-twitter-stores-250-million-tweet…")),
    (28, 129, 28, 170, "AL202", HTTP.format("http://www.youtube.com/watch?v=5cKTP36HVgI")),
    (30, 39, 30, 41, "AL301", 'mojibake "â€™" should be "’"'),
    (35, 26, 35, 121, "AL202", HTTP.format("http://static.googleusercontent.com/media/research.google.com/en/us/archive/spa…")),
    # Second list: 1.-5. then 1. x4: a tie, so it keeps counting up.
    (38, 1, 41, 2, "AL101", "4 list items numbered 1, 1, 1, 1 should be 6 to 9 (this list counts up from 1)"),
    (41, 5, 41, 77, "AL403", SPACES.format("start and end", " Supporting 200 Billion …RDS PostgreSQL Instance ")),
]


def test_seed_list_findings_are_exact() -> None:
    result = Linter().lint_file(FIXTURES / "seed-distributed-systems.md")
    assert result.error is None
    got = [(f.line, f.column, f.end_line, f.end_column, f.code, f.message) for f in result.findings]
    assert got == SEED_FINDINGS


def test_seed_list_with_crlf_and_bom_gives_the_same_findings() -> None:
    data = (FIXTURES / "seed-distributed-systems.md").read_bytes()
    variant = b"\xef\xbb\xbf" + data.replace(b"\n", b"\r\n")
    result = Linter().lint_bytes(variant, "seed.md")
    got = [(f.line, f.column, f.end_line, f.end_column, f.code, f.message) for f in result.findings]
    assert got == SEED_FINDINGS
