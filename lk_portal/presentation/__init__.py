"""Domain values turned into Russian text for pages, printed documents and exports.

Selectors return numbers and references; the words a reader sees («Сальдо начальное», «Оплата
(платежное поручение № … от …)», «по всем договорам») are made here or in the templates.
"""
