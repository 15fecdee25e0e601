// Complaint desk: a canned reply chosen in a select fills the reply textarea it names (data-target).
document.addEventListener("change", function (event) {
  var select = event.target;
  if (!select.classList || !select.classList.contains("canned-reply")) return;
  var option = select.options[select.selectedIndex];
  var target = document.getElementById(select.getAttribute("data-target"));
  if (target && option && option.getAttribute("data-text")) {
    target.value = option.getAttribute("data-text");
    target.focus();
  }
});
