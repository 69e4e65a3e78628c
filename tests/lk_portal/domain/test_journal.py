from lk_portal.domain.journal import SUMMARY_MAX, details_text, keep_period_text


def test_details_read_in_the_labels_order_without_the_file_name():
    details = {"file": "oplata.xlsx", "filter": "Поиск: «74»", "format": "xlsx", "contract": "1-2004"}
    assert details_text(details) == "формат: xlsx; договор: 1-2004; отбор: Поиск: «74»"


def test_lists_and_flags_read_as_words():
    assert details_text({"documents": ["№1", "№2"], "required": True}) == "документы: №1, №2; обязателен: да"
    assert details_text({}) == ""


def test_a_long_summary_is_cut():
    text = details_text({"filter": "я" * 2000})
    assert len(text) == SUMMARY_MAX and text.endswith("…")


def test_the_keep_period_in_words():
    assert keep_period_text(1096) == "3 года"
    assert keep_period_text(365) == "1 год"
    assert keep_period_text(1825) == "5 лет"
    assert keep_period_text(90) == "90 дней"
    assert keep_period_text(31) == "31 день"


def test_the_browser_in_short():
    from lk_portal.domain.journal import browser_short

    chrome = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/141.0.0.0 Safari/537.36"
    assert browser_short(chrome) == "Chrome 141, Windows"
    assert browser_short(chrome + " YaBrowser/25.8.0.0") == "Яндекс Браузер 25, Windows"
    assert browser_short(chrome + " Edg/141.0.0.0") == "Edge 141, Windows"
    firefox = "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0"
    assert browser_short(firefox) == "Firefox 140, Linux"
    safari = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1"
    assert browser_short(safari) == "Safari 18, iOS"
    assert browser_short("curl/8.5.0") == "curl/8.5.0"
    assert browser_short("") == ""
