"""World facts on short original passages: one pattern, or one negative case, per test."""

from __future__ import annotations

from ficlens.layers import WORLD
from tests.world.passages import analyse, found, labels

ABO = "Alphas and omegas shared the valley."  # shows an Alpha/Beta/Omega world


def test_copula_states_a_secondary_gender() -> None:
    facts = labels(ABO, "Marcus was an omega. He's an alpha, Ilse said.")
    assert ("secondary_gender=omega", "Marcus") in facts
    assert ("secondary_gender=alpha", "He") in facts


def test_born_and_pureblood_are_kept_as_lineage() -> None:
    facts = labels(
        ABO,
        "Rafe was born an alpha. Rafe, a pureblood alpha, was born from two alpha parents "
        "and mentioned it at every dinner.",
    )
    assert ("secondary_gender=alpha", "Rafe") in facts
    assert ("lineage=pureblood alpha", "Rafe") in facts
    assert ("lineage=alpha parents", "Rafe") in facts
    cues = {f.cue for f in found(ABO, "Rafe was born an alpha.") if f.subject == "Rafe"}
    assert cues == {"copula-born"}


def test_apposition_names_the_subject() -> None:
    facts = labels(ABO, "They hired Nora Vale, an omega, to run the mill.")
    assert ("secondary_gender=omega", "Nora Vale") in facts


def test_epithet_is_a_fact_about_whoever_it_means() -> None:
    facts = found(ABO, "Tobias sighed. The omega was tired of the rain.")
    assert [(f.label, f.subject, f.cue) for f in facts if f.label.startswith("secondary")] == [
        ("secondary_gender=omega", "The omega", "epithet")
    ]


def test_negation_gives_no_fact() -> None:
    facts = labels(ABO, "Marcus was not an alpha. Ilse wasn't an omega. He was no beta.")
    assert not [f for f in facts if f[0].startswith("secondary_gender")]


def test_hypotheticals_give_no_fact() -> None:
    facts = labels(
        ABO,
        "If Marcus were an alpha, he would say so. He would be an omega by spring. "
        "She wanted to be an alpha. Was he an omega?",
    )
    assert not [f for f in facts if f[0].startswith("secondary_gender")]


def test_prefixed_adjective_is_not_a_fact() -> None:
    facts = labels(ABO, "Nobody called Marcus un-omegan to his face.", "Omegan manners bored him.")
    assert not [f for f in facts if f[0].startswith("secondary_gender")]


def test_modifier_use_is_not_a_fact() -> None:
    facts = labels(ABO, "Ilse hated the omega duties and the alpha voice her uncle used.")
    assert not [f for f in facts if f[0].startswith("secondary_gender")]


def test_alpha_and_omega_idiom_is_not_a_fact() -> None:
    facts = labels(ABO, "Work was the alpha and omega of his days.")
    assert not [f for f in facts if f[0].startswith("secondary_gender")]


def test_abo_epithets_need_an_abo_world() -> None:
    assert not labels("The alpha particle struck the plate. The alpha was gone.")


def test_generic_plurals_are_rules() -> None:
    facts = found(
        "Marcus was an alpha.",
        "Everyone knew that omegas felt the bond first. Betas, as a rule, kept out of it.",
    )
    rules = [f.label for f in facts if f.label.startswith("rule=")]
    assert rules == ["rule=omegas felt the bond first", "rule=Betas, as a rule, kept out of it"]
    assert all(f.subject is None for f in facts if f.label.startswith("rule="))


def test_plural_object_is_not_a_rule() -> None:
    facts = labels("Marcus was an alpha.", "The law protected omegas from demanding alphas.")
    assert not [f for f in facts if f[0].startswith("rule=")]


def test_generic_gerund_is_a_rule() -> None:
    facts = labels(ABO, "Being an alpha did not earn anyone a seat at the table.")
    assert ("rule=Being an alpha did not earn anyone a seat at the table", None) in facts


def test_gerund_is_about_the_clause_subject() -> None:
    facts = labels(ABO, "Marcus took pride in being an alpha.")
    assert ("secondary_gender=alpha", "Marcus") in facts


def test_heat_as_a_state() -> None:
    facts = labels(ABO, "Lena was an omega, and her heat came early. Rowan went into heat.")
    assert ("cycle=heat", "her") in facts
    assert ("cycle=heat", "Rowan") in facts


def test_weather_heat_is_not_a_fact() -> None:
    facts = labels(
        ABO,
        "The heat of the afternoon pressed down. In the heat, Lena slept. "
        "Its heat faded by dusk. Summer heat made Rowan lazy.",
    )
    assert not [f for f in facts if f[0].startswith("cycle")]


def test_possessive_family() -> None:
    facts = found("My grandmother raised me and my cousins while Dwayne's father farmed.")
    got = {(f.label, f.subject, f.other) for f in facts}
    assert ("family=grandmother", "My", "My grandmother") in got
    assert ("family_role=grandmother", "My grandmother", "My") in got
    assert ("family=cousin", "my", "my cousins") in got
    assert ("family=father", "Dwayne", "Dwayne's father") in got


def test_family_names_the_relative() -> None:
    facts = found("Her brother Theo laughed. Ada, his sister, did not. Maud was his aunt.")
    got = {(f.label, f.subject, f.other) for f in facts}
    assert ("family_role=brother", "Theo", "Her") in got
    assert ("family_role=sister", "Ada", "his") in got
    assert ("family_role=aunt", "Maud", "his") in got


def test_figurative_family_is_not_a_fact() -> None:
    facts = labels(
        "She loved him like her own brother. English was his mother tongue. Our Father in heaven."
    )
    assert not facts


def test_job_copula_and_gerund() -> None:
    facts = labels("Sam was just a salesman. Despite being a nurse, Ilse fainted.")
    assert ("job=salesman", "Sam") in facts
    assert ("job=nurse", "Ilse") in facts


def test_job_appositions_both_ways() -> None:
    facts = found("Greta Lind, his new boss, waved. He and the receptionist, Pam, laughed.")
    got = {(f.label, f.subject, f.other) for f in facts}
    assert ("job=boss", "Greta Lind", "his") in got
    assert ("job=receptionist", "Pam", None) in got


def test_position_as_a_capitalised_rank() -> None:
    facts = labels("Dario sobbed over his new position as Regional Manager.")
    assert facts == {("rank=Regional Manager", "his")}


def test_capitalised_title_with_complement() -> None:
    facts = labels("She was now Junior Assistant to the Night Manager.")
    assert facts == {("title=Junior Assistant to the Night Manager", "She")}


def test_rank_before_a_name() -> None:
    facts = found("Captain Ortiz nodded. Captain Ortiz left. The inspector was Mira Vance.")
    got = [(f.label, f.subject, f.cue) for f in facts]
    assert got == [
        ("rank=captain", "Ortiz", "prefix"),  # repeated evidence is kept once
        ("rank=inspector", "Mira Vance", "copula"),
    ]


def test_place_names_and_metaphors_are_not_jobs() -> None:
    facts = labels(
        "They met at Queen Square. He was quite a sailor. You are the best judge of that. "
        "She worked like a doctor. He was brave as a soldier."
    )
    assert not facts


def test_ambiguous_head_needs_a_position_cue() -> None:
    facts = labels("His head ached. Her dad was the former head of the firm.")
    assert ("job=head", "Her dad") in facts
    assert not [f for f in facts if f[1] == "His head"]


def test_job_interview_event() -> None:
    facts = labels("Jo is interviewing for a new job. He had an interview with corporate.")
    assert ("job_interview=new job", "Jo") in facts
    assert ("job_interview=corporate", "He") in facts


def test_soulmate_bond_links_two_subjects() -> None:
    facts = found("Kit wondered how Ivo could possibly be his soulmate.")
    bond = [(f.subject, f.other, f.cue) for f in facts if f.label == "soulmate=bond"]
    assert bond == [("his", "Ivo", "possessive")]


def test_soulmate_recognition_and_its_negation() -> None:
    facts = labels(
        "When Kit met Ivo he felt the zing at once. With Ada he didn't feel that zing at all."
    )
    assert facts == {("soulmate=recognised", "he")}


def test_soulmate_stances() -> None:
    facts = labels(
        "Kit decided he did not want anything to do with his soulmate. "
        "Ada refused to acknowledge her soulmate. Ivo accepted his soulmate."
    )
    assert ("soulmate=unacknowledged", "he") in facts
    assert ("soulmate=unacknowledged", "Ada") in facts
    assert ("soulmate=acknowledged", "Ivo") in facts


def test_soulmate_rule_and_pair() -> None:
    facts = labels(
        "Soulmates recognise each other by a zing. If Ivo knew they were a pair, he said nothing."
    )
    assert ("rule=Soulmates recognise each other by a zing", None) in facts
    assert ("soulmate=bond", "they") in facts


def test_mate_needs_a_soulmate_world() -> None:
    assert not labels("Cheers, mate. His mate from school bought the next round.")


def test_species_and_magic() -> None:
    facts = labels(
        "Sela was a vampire. Vampires cannot cross running water. Tomas, a werewolf, laughed "
        "at the vampire. Orla was a squib, and Finn was a warlock."
    )
    assert ("species=vampire", "Sela") in facts
    assert ("rule=Vampires cannot cross running water", None) in facts
    assert ("species=werewolf", "Tomas") in facts
    assert ("magic=squib", "Orla") in facts
    assert ("magic=warlock", "Finn") in facts


def test_metaphors_need_their_world() -> None:
    facts = labels(
        "You are an angel, she said. He was a perfect devil. The old witch at the inn scowled."
    )
    assert not facts


def test_scores_are_lower_for_speech_hedges_and_epithets() -> None:
    doc = analyse(
        ABO,
        "Marcus was an omega. “I'm an alpha,” Ilse said. Theo was probably a beta. "
        "The omega smiled.",
    )
    scores = {doc.span_text(s): (s.attrs["score"], s.attrs["cue"]) for s in doc.layer(WORLD)}
    assert all(0.0 <= score <= 1.0 and cue for score, cue in scores.values())
    narrated = scores["Marcus was an omega"][0]
    assert scores["I'm an alpha"][0] < narrated
    assert scores["Theo was probably a beta"][0] < narrated
    assert scores["The omega"] == (0.6, "epithet")


def test_contracted_negations_and_pretence_give_no_fact() -> None:
    facts = labels(
        ABO,
        "He's not an alpha. She isn't an omega. He was never an omega. It was as if he were an "
        "alpha. If I were an omega I'd know. She pretended to be an alpha. He could be an omega.",
    )
    assert not [f for f in facts if f[0].startswith("secondary_gender")]


def test_relative_clause_becoming_and_presenting() -> None:
    facts = labels(
        ABO,
        "Nico, who was an omega, laughed. Juno became an alpha at sixteen. "
        "Pell presented as an omega. He'd been an alpha all along.",
    )
    assert {f for f in facts if f[0].startswith("secondary_gender")} == {
        ("secondary_gender=omega", "Nico"),
        ("secondary_gender=alpha", "Juno"),
        ("secondary_gender=omega", "Pell"),
        ("secondary_gender=alpha", "He"),
    }
