// A link to a comment older than the newest ones the page shows (…#comment-12, from a digest or the dashboard)
// loads the page again with every comment, where the browser finds the anchor.
(function () {
  const id = decodeURIComponent(location.hash.slice(1));
  const earlier = document.getElementById("earlier-comments");
  if (id.startsWith("comment-") && earlier && !document.getElementById(id)) {
    location.replace(earlier.href.split("#")[0] + location.hash);
  }
})();
