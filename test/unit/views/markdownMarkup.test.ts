// The `<video>` markup of Copy Markdown: the path relative to the document's folder (spaces, `..`,
// Windows separators and drive letters), VS Code's default snippet, and escaping of every value.
import * as assert from 'node:assert/strict';
import {
  DEFAULT_VIDEO_SNIPPET,
  encodePathForSrc,
  escapeHtmlAttribute,
  relativeMediaPath,
  srcFor,
  videoMarkup,
} from '../../../src/views/markdownMarkup';

describe('views: relativeMediaPath', () => {
  it('gives a path below the folder as it is', () => {
    assert.equal(relativeMediaPath('/ws', '/ws/videos/a.mp4'), 'videos/a.mp4');
  });

  it('climbs out of the document folder with ..', () => {
    assert.equal(relativeMediaPath('/ws/docs/guide', '/ws/videos/a.mp4'), '../../videos/a.mp4');
    assert.equal(relativeMediaPath('/ws/videos', '/ws/videos/a.mp4'), 'a.mp4');
  });

  it('keeps spaces and non-Latin names', () => {
    assert.equal(relativeMediaPath('/my work/notes', '/my work/my videos/été à la mer.mp4'), '../my videos/été à la mer.mp4');
  });

  it('resolves . and .. inside the paths first', () => {
    assert.equal(relativeMediaPath('/ws/docs/./x/..', '/ws/docs/../videos/./a.mp4'), '../videos/a.mp4');
    assert.equal(relativeMediaPath('/ws/', '/ws//videos//a.mp4'), 'videos/a.mp4');
  });

  it('reads Windows separators and drive letters, without case for the drive and the folders', () => {
    assert.equal(relativeMediaPath('C:\\Users\\me\\docs', 'c:\\Users\\me\\videos\\a.mp4'), '../videos/a.mp4');
    assert.equal(relativeMediaPath('/c:/Users/Me/Docs', '/C:/users/me/videos/a b.mp4'), '../videos/a b.mp4');
    assert.equal(relativeMediaPath('C:\\ws', '/c:/ws/videos/a.mp4'), 'videos/a.mp4');
  });

  it('has no relative path to another drive', () => {
    assert.equal(relativeMediaPath('C:\\ws', 'D:\\videos\\a.mp4'), undefined);
    assert.equal(relativeMediaPath('/ws', 'D:\\videos\\a.mp4'), undefined);
  });

  it('is case-sensitive without a drive letter', () => {
    assert.equal(relativeMediaPath('/ws/Docs', '/ws/docs/a.mp4'), '../docs/a.mp4');
  });
});

describe('views: videoMarkup', () => {
  it('is VS Code’s default video snippet with a relative path and the title', () => {
    assert.equal(DEFAULT_VIDEO_SNIPPET, '<video controls src="${src}" title="${title}"></video>');
    assert.equal(
      videoMarkup(srcFor('../videos/a.mp4', 'file:///ws/videos/a.mp4'), 'Waves at sunset'),
      '<video controls src="../videos/a.mp4" title="Waves at sunset"></video>',
    );
  });

  it('keeps spaces in the path, as VS Code does, and encodes what a URL would misread', () => {
    assert.equal(srcFor('my videos/a b.mp4', 'x'), 'my videos/a b.mp4');
    assert.equal(encodePathForSrc('100% #1?.mp4'), '100%25 %231%3F.mp4');
    assert.equal(encodePathForSrc('a\nb\u007f.mp4'), 'a%0Ab%7F.mp4');
  });

  it('uses the full URI, unchanged, when there is no relative path', () => {
    assert.equal(
      videoMarkup(srcFor(undefined, 'file:///d%3A/videos/a%20b.mp4'), 't'),
      '<video controls src="file:///d%3A/videos/a%20b.mp4" title="t"></video>',
    );
  });

  it('escapes quotes, ampersands and angle brackets in the path and the title', () => {
    assert.equal(escapeHtmlAttribute(`a"b'c&d<e>`), `a&quot;b'c&amp;d&lt;e&gt;`);
    const markup = videoMarkup(srcFor('v/"x"&<y>.mp4', ''), '"><script>alert(1)</script> & more');
    assert.equal(
      markup,
      '<video controls src="v/&quot;x&quot;&amp;&lt;y&gt;.mp4" title="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; more"></video>',
    );
    assert.ok(!/<script/i.test(markup));
  });

  it('fills a custom snippet, with \\$ as a dollar, and ignores one without ${src}', () => {
    assert.equal(
      videoMarkup('a.mp4', 'T', '<video src="${src}" width="320" data-cost="\\$1"></video>'),
      '<video src="a.mp4" width="320" data-cost="$1"></video>',
    );
    assert.equal(videoMarkup('a.mp4', 'T', '<img>'), '<video controls src="a.mp4" title="T"></video>');
  });

  it('does not read $ in the values as a replacement pattern', () => {
    assert.equal(videoMarkup("$&$'.mp4", '$1 $$'), `<video controls src="$&amp;$'.mp4" title="$1 $$"></video>`);
  });
});
