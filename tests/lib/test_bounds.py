from pathmaker.lib.bounds import MAX_ID, row_id


def test_an_id_from_a_url_or_form_becomes_a_key_only_when_the_databases_can_hold_it():
    assert row_id("42") == 42
    assert row_id(7) == 7
    assert row_id(str(MAX_ID)) == MAX_ID
    assert row_id(str(MAX_ID + 1)) is None
    assert row_id(str(-MAX_ID - 2)) is None
    assert row_id("4x") is None
    assert row_id(None) is None
    assert row_id(float("inf")) is None
