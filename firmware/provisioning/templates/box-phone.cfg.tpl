#!version:1.0.0.1
## Written by the PBX for {{macColon}}: the H81 takes accounts 1-2, the H83 accounts 1-4 and
## 28 DSS keys on 4 pages of 7 (the 8th key beside the screen turns the page).
{{#accounts}}
account.{{i}}.enable = 1
account.{{i}}.label = {{label}}
account.{{i}}.display_name = {{displayName}}
account.{{i}}.user_name = {{number}}
account.{{i}}.auth_name = {{number}}
account.{{i}}.password = {{password}}
account.{{i}}.sip_server.1.address = {{server.host}}
account.{{i}}.sip_server.1.port = {{server.port}}
account.{{i}}.transport = {{server.transportCode}}
dsskey.{{i}}.type = line
dsskey.{{i}}.line = {{i}}
dsskey.{{i}}.label = {{label}}
dsskey.{{i}}.page = {{page}}
dsskey.{{i}}.position = {{position}}
{{/accounts}}
{{#keys}}
{{#blf}}
dsskey.{{key}}.type = blf
{{/blf}}
{{#speed}}
dsskey.{{key}}.type = speed_dial
{{/speed}}
dsskey.{{key}}.value = {{value}}
dsskey.{{key}}.line = {{line}}
dsskey.{{key}}.label = {{label}}
dsskey.{{key}}.page = {{page}}
dsskey.{{key}}.position = {{position}}
{{/keys}}
dsskey.pickup_code = {{pickup.code}}
call_waiting.enable = {{callWaiting}}
idle_screen.text = {{idleText}}
ldap.enable = 1
ldap.host = {{ldap.host}}
ldap.port = {{ldap.port}}
ldap.base = {{ldap.base}}
ldap.version = 3
ldap.name_filter = {{ldap.nameFilter}}
ldap.number_filter = {{ldap.numberFilter}}
ldap.name_attr = {{ldap.nameAttributes}}
ldap.numb_attr = {{ldap.numberAttributes}}
ldap.display_name = %cn
ldap.max_hits = 50
