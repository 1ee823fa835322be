"""verl reward functions for rows written by `stacksmith export --format verl`.

verl calls a custom reward function with data_source, solution_str (the decoded answer),
ground_truth (the row's reward_model.ground_truth) and extra_info. Here ground_truth is the JSON
text of {"code_context", "oracle_new_content"}, and the score is SWE-RL's search/replace reward,
computed by `stacksmith reward --serve` (STACKSMITH_REWARD_URL, default http://127.0.0.1:8787).

    custom_reward_function.path=examples/verl_reward.py            # compute_score
    reward_model.reward_manager=batch custom_reward_function.name=compute_score_batch

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
    """SWE-RL's reward for each item, as floats, in order: one POST /reward for the batch."""
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


def _item(solution_str, ground_truth):
    truth = json.loads(ground_truth)
    return {"code_context": truth["code_context"], "oracle_new_content": truth["oracle_new_content"], "output": solution_str}


def compute_score(data_source, solution_str, ground_truth, extra_info=None, **kwargs):
    """One answer's reward (verl's default reward manager)."""
    return score_batch([_item(solution_str, ground_truth)])[0]


def compute_score_batch(data_sources, solution_strs, ground_truths, extra_infos=None, **kwargs):
    """A batch's rewards in one request (verl's batch reward manager)."""
    return score_batch([_item(s, g) for s, g in zip(solution_strs, ground_truths)])
