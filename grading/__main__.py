"""`python -m grading evaluate FILE|-`: a result as JSON; exit 2 on bad input."""

import argparse
import json
import sys
from typing import Any

from grading.contract import decode_document, parse_candidate
from grading.errors import GradingError
from grading.evaluation import evaluate
from grading.result_json import result_to_json

EXIT_BAD_INPUT = 2


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    parser = argparse.ArgumentParser(prog="python -m grading")
    commands = parser.add_subparsers(dest="command", required=True)
    command = commands.add_parser(
        "evaluate", help="evaluate one candidate (JSON contract)"
    )
    command.add_argument("file", help="input JSON file, or - for standard input")
    arguments = parser.parse_args(argv)
    try:
        document = _read(arguments.file)
        result = evaluate(parse_candidate(_unwrap(document)))
    except GradingError as error:
        _print({"error": error.message, "field": error.field})
        return EXIT_BAD_INPUT
    _print(result_to_json(result))
    return 0


def _read(name: str) -> Any:
    try:
        if name == "-":
            text = sys.stdin.read()
        else:
            with open(name, encoding="utf-8") as stream:
                text = stream.read()
    except (OSError, UnicodeDecodeError) as error:
        raise GradingError(f"cannot read the input: {error}") from error
    return decode_document(text)


def _unwrap(document: Any) -> Any:
    """Accept a worked-case file ({"name", "input", "expect"}) or a bare input."""
    if (
        isinstance(document, dict)
        and isinstance(document.get("input"), dict)
        and "units" not in document
    ):
        return document["input"]
    return document


def _print(data: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=1) + "\n")


if __name__ == "__main__":
    sys.exit(main())
