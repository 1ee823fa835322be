"""A TRL GRPOTrainer reward function for datasets written by `stacksmith export --format trl`.

TRL calls each reward function with prompts, completions and every other dataset column as a
keyword argument: here code_context and oracle_new_content, lists of {"path", "content"}. The
score is SWE-RL's search/replace reward, computed by `stacksmith reward --serve`
(STACKSMITH_REWARD_URL, default http://127.0.0.1:8787), one request per batch.

    from trl_reward import stacksmith_reward
    trainer = GRPOTrainer(model=..., reward_funcs=stacksmith_reward, train_dataset=dataset)

Standard library only. A result whose reward is null (the request ran past the service's
per-request deadline) scores UNUSABLE (-1.0), as a malformed answer does in SWE-RL.
"""

import json
import os
import urllib.error
import urllib.request

REWARD_URL = os.environ.get("STACKSMITH_REWARD_URL", "http://127.0.0.1:8787")
TIMEOUT_S = float(os.environ.get("STACKSMITH_REWARD_TIMEOUT_S", "600"))
UNUSABLE = -1.0


class RewardServiceError(RuntimeError):
    """The service could not be reached, or refused the batch."""


def score_batch(items):
    """SWE-RL's reward for each item, as floats, in order."""
    if not items:
        return []
    body = json.dumps({"items": items}).encode("utf-8")
    request = urllib.request.Request(
        REWARD_URL.rstrip("/") + "/reward",
        data=body,
        headers={"content-type": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_S) as response:
            answer = json.loads(response.read().decode("utf-8"))
    except urllib.error.HTTPError as err:
        raise RewardServiceError(f"{REWARD_URL}: HTTP {err.code}: {err.read().decode('utf-8', 'replace')}") from None
    except urllib.error.URLError as err:
        raise RewardServiceError(f"{REWARD_URL}: {err.reason} (is `stacksmith reward --serve` running?)") from None
    results = answer.get("results")
    if not isinstance(results, list) or len(results) != len(items):
        raise RewardServiceError(f"{REWARD_URL}: expected {len(items)} results")
    return [UNUSABLE if r.get("reward") is None else float(r["reward"]) for r in results]


def _files(column_value):
    return {f["path"]: f["content"] for f in column_value}


def _text(completion):
    # Conversational datasets give a list of messages; standard ones a string.
    if isinstance(completion, str):
        return completion
    return "".join(message["content"] for message in completion)


def stacksmith_reward(completions, code_context, oracle_new_content, **kwargs):
    """SWE-RL's reward of each completion, as a list of floats."""
    items = [
        {"code_context": _files(c), "oracle_new_content": _files(o), "output": _text(completion)}
        for completion, c, o in zip(completions, code_context, oracle_new_content)
    ]
    return score_batch(items)
