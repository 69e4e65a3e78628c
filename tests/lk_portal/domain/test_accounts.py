import datetime

from lk_portal.domain.accounts import AlreadyRegistered, ContractOfAnother, activation_window

D = datetime.date


def test_a_letter_sent_on_day_d_opens_the_link_on_d_plus_1_to_d_plus_5():
    window = activation_window(sent_on=D(2025, 3, 10))
    assert (window.first_day, window.last_day) == (D(2025, 3, 11), D(2025, 3, 15))
    assert window.span == "с 11.03.2025 по 15.03.2025"


def test_the_window_bounds_are_both_inclusive():
    window = activation_window(sent_on=D(2025, 2, 26))  # across the end of February
    assert window.last_day == D(2025, 3, 3)
    assert not window.has_begun(D(2025, 2, 26))
    assert window.has_begun(D(2025, 2, 27))
    assert not window.has_ended(D(2025, 3, 3))
    assert window.has_ended(D(2025, 3, 4))


def test_registration_errors_name_their_form_field_and_say_why():
    taken = AlreadyRegistered(inn="7707083893", kpp="773601001", username="7707083893", state="активна")
    assert taken.field == "kpp"
    assert taken.message.startswith("Абонент с ИНН 7707083893 и КПП 773601001 уже зарегистрирован (логин 7707083893,")
    foreign = ContractOfAnother(contract_number="05 Т", inn="1234567890", kpp="123456789")
    assert foreign.field == "contract_number"
    assert str(foreign) == "Договор № 05 Т принадлежит другому абоненту (ИНН 1234567890, КПП 123456789)."
