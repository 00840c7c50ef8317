"""Chart labels are never cut: they wrap, and every word of the label is drawn."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tutoral_gen.render.charts import RADAR_LABEL_CHARS, radar, timeline, wrap

words = st.lists(st.text(alphabet="abcdéèçôABC-'", min_size=1, max_size=12), min_size=1, max_size=8)


@given(words, st.integers(min_value=12, max_value=40))
def test_wrapping_keeps_every_word(parts: list[str], width: int) -> None:
    text = " ".join(parts)
    lines = wrap(text, width)
    # Lines break between words or after a hyphen (socio-/affectif); no character is lost.
    assert "".join("".join(lines).split()) == "".join(text.split())
    assert all(len(line) <= width for line in lines)


def test_a_long_factor_name_is_drawn_whole_on_the_radar() -> None:
    name = "Organisation du dispositif de formation"
    chart = radar([name, "Temps", "Outils", "Coût"], (1, 2, 3, 4), "Contraintes")
    lines = chart.axes[0][4]
    assert len(lines) > 1 and " ".join(lines) == name
    assert all(len(line) <= RADAR_LABEL_CHARS for line in lines)
    top = chart.axes[0][3]
    assert top > 0  # the chart grew: the first line is not above its top edge


def test_a_long_phase_title_is_drawn_whole_on_the_timeline() -> None:
    title = "Production du livrable final en sous-groupes"
    chart = timeline([("p", title)], [], "Frise")
    assert " ".join(chart.columns[0].lines) == title
