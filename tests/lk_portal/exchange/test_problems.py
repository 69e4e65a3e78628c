"""What can be wrong with a billing file (lk_portal/exchange/problems.py)."""

from lk_portal.exchange.problems import Problem, RowRejected


def test_a_problem_names_the_file_row_column_value_and_reason():
    problem = Problem("payments.csv", 4, "Сумма оплаты", "12,345", "ожидается сумма")
    assert str(problem) == "Файл «payments.csv», строка 4, столбец «Сумма оплаты», значение «12,345»: ожидается сумма"
    assert problem.as_dict() == {
        "file": "payments.csv",
        "row": 4,
        "column": "Сумма оплаты",
        "value": "12,345",
        "message": "ожидается сумма",
        "text": str(problem),
    }


def test_a_file_problem_names_the_file_only_and_an_empty_value_is_shown():
    assert str(Problem("x.csv", None, None, None, "файл пуст")) == "Файл «x.csv»: файл пуст"
    assert str(Problem("x.csv", 2, "Код", "", "пусто")) == "Файл «x.csv», строка 2, столбец «Код», значение «»: пусто"


def test_a_long_value_is_shortened_in_the_text_and_the_record():
    problem = Problem("x.csv", 2, "Назначение платежа", "ж" * 500, "слишком длинное значение")
    shown = problem.as_dict()["value"]
    assert len(shown) == 200 and shown.endswith("…") and f"«{shown}»" in str(problem)


def test_a_rejected_row_carries_its_column_key_value_and_message():
    error = RowRejected("contract_no", "99 Х", "договор с таким номером не найден")
    assert (error.column, error.value, error.message, str(error)) == (
        "contract_no",
        "99 Х",
        "договор с таким номером не найден",
        "договор с таким номером не найден",
    )
