# The machines behind Varnish, for deploy/varnish/newsroom.vcl (which includes this file). This is the example:
# two app servers (gunicorn, deploy/systemd/newsroom.service) on the private network, taken in turn, each probed
# on /healthz (newsroom/operations/health.py: answers "ok" without touching the database, so a busy database
# does not take every app server out at once). Copy it next to newsroom.vcl and put your own addresses in.
#
# What newsroom.vcl needs from this file (the contract):
#   - a director named `app`, made in vcl_init;
#   - an ACL named `purgers`: the addresses allowed to send PURGE besides the local machine, i.e. the app
#     servers (they purge after every change of public content: NEWSROOM_CDN_PURGE_URLS, articles/cdn.py).

vcl 4.1;

import directors;

probe healthz {
    # Django answers 400 to a Host it does not know (ALLOWED_HOSTS): the probe sends the site's name
    # (.host_header below) rather than the backend's address.
    .url = "/healthz";
    .interval = 2s;
    .timeout = 1s;
    .window = 5;
    .threshold = 3;
    # Healthy from the start: a restart of Varnish must not answer 503 until three probes have come back.
    .initial = 3;
}

backend app1 {
    .host = "10.0.0.11";
    .port = "8000";
    .host_header = "baodongnai.vn";
    .probe = healthz;
}

backend app2 {
    .host = "10.0.0.12";
    .port = "8000";
    .host_header = "baodongnai.vn";
    .probe = healthz;
}

acl purgers {
    "10.0.0.11";
    "10.0.0.12";
}

sub vcl_init {
    new app = directors.round_robin();
    app.add_backend(app1);
    app.add_backend(app2);
}
