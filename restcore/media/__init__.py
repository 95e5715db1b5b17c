"""Media handlers: (de)serialize request and response bodies by media type."""

from restcore.media.base import BaseHandler, BinaryBaseHandlerWS, TextBaseHandlerWS
from restcore.media.handlers import Handlers, MissingDependencyHandler
from restcore.media.json import JSONHandler, JSONHandlerWS
from restcore.media.msgpack import MessagePackHandler, MessagePackHandlerWS
from restcore.media.multipart import MultipartFormHandler
from restcore.media.urlencoded import URLEncodedFormHandler

__all__ = (
    "BaseHandler",
    "BinaryBaseHandlerWS",
    "Handlers",
    "JSONHandler",
    "JSONHandlerWS",
    "MessagePackHandler",
    "MessagePackHandlerWS",
    "MissingDependencyHandler",
    "MultipartFormHandler",
    "TextBaseHandlerWS",
    "URLEncodedFormHandler",
)
