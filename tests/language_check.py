"""Which words of a text are in the wrong language: English words in Chinese output (technical
tokens aside), and Chinese characters in English output."""

from __future__ import annotations

import re

CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
# Left as they are in Chinese: names, units, abbreviations, command and value names users type.
TOKENS = frozenset("""
resviz ResNet Adam AdamW SGD Nesterov Grad-CAM CAM PyTorch torchvision TensorBoard tensorboard tensorboardX Veit VGG
ImageNet CIFAR MNIST SVHN JSON CSV PNG SVG PDF GPU CPU CUDA AMP MPS Apple SQLite ReLU BN He et al Fig
img s ms k M G MB lr e.g ETA Ctrl-C Ctrl json png svg pdf csv mat idx gz gunzip pip scipy
arch list show check train runs export import resume delete compare sweep demo gradcam export-code py lesson run
lesion landscape shatter landscape-line-RUN
Ray ray install Goodfellow Li Balduzzi
builtin folder cifar10 cifar100 mnist fashionmnist svhn sgd adam adamw step cosine constant auto cuda mps cpu
predicted true plain residual finished stopped interrupted diverged failed queued running
original identity none basic bottleneck scaling dropout kernel same usage
""".split())
_DROP = [
    re.compile(r"'[^'\n]*'"),                # 'resviz train --arch resnet20': commands to type
    re.compile(r"`[^`\n]*`"),
    re.compile(r"\{[^}\n]*\}"),              # {sgd,adam}: argparse's choices
    re.compile(r"\S*[/\\]\S*"),              # paths and URLs
    re.compile(r"(?<![\w-])--?[A-Za-z][\w-]*"),  # option names
    re.compile(r"\$[A-Z_]+"),                # $RESVIZ_STORE
]
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[-_.][A-Za-z0-9]+)*")


def english_words(text: str) -> list[str]:
    """English words in ``text`` that are not technical tokens (names with digits, '_' or '.',
    upper-case abbreviations and placeholders, option and command names)."""
    for pattern in _DROP:
        text = pattern.sub(" ", text)
    words = []
    for word in _WORD.findall(text):
        if word in TOKENS or any(c.isdigit() or c in "_." for c in word) or (word.isupper() and len(word) > 1):
            continue
        if len(word) == 1 and word in "ABCNnx":  # shortcut options A/B/C, N steps, 6n+2, 3x3
            continue
        words.append(word)
    return words


def chinese(text: str) -> list[str]:
    """The Chinese characters in ``text``."""
    return CJK.findall(text)
