"""Transport figures: counts of flights, vehicles and vessels are "transport"; the people they carry are not."""

from __future__ import annotations

from .test_quantities_unit import run

FLIGHTS_CARRIED = [
    "Two two NUM CD nummod 2 CARDINAL",
    "charter charter NOUN NN compound 2",
    "flights flight NOUN NNS nsubj 3",
    "carried carry VERB VBD ROOT 3",
    "431 431 NUM CD nummod 5 CARDINAL",
    "passengers~ passenger NOUN NNS dobj 3",
    ". . PUNCT . punct 3",
]

VANS_DEPLOYED = [
    "Sixty sixty NUM CD nummod 1 CARDINAL",
    "vans van NOUN NNS nsubjpass 3",
    "were be AUX VBD auxpass 3",
    "deployed~ deploy VERB VBN ROOT 3",
    ". . PUNCT . punct 3",
]


def test_flights_are_transport_and_their_passengers_are_moved() -> None:
    flights, people = run(FLIGHTS_CARRIED)[0]
    assert (flights.value, flights.unit, flights.category) == (2, "flights", "transport")
    assert (people.value, people.unit, people.category) == (431, "passengers", "moved")


def test_deployed_vehicles_are_transport_not_troops() -> None:
    (q,), _ = run(VANS_DEPLOYED)
    assert (q.value, q.category) == (60, "transport")
