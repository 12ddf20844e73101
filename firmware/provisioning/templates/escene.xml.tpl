<all>
  <!-- Written by the PBX for {{macColon}} -->
  <calls>
    <call callwaiting="{{callWaiting}}" />
  </calls>
  <sipUsers>
{{#accounts}}
    <sipUser id="{{i+-1}}" EnableAccount="1" Describe="{{label}}" DomainName="{{server.host}}" UserName="{{displayName}}" UserNumber="{{number}}" approveName="{{number}}" Password="{{password}}" ProxyServerAddress="{{server.host}}:{{server.port}}" LinkUse="{{server.transportCode}}" />
{{/accounts}}
  </sipUsers>
  <ldaps>
    <ldap Enable="1" Server="{{ldap.host}}" Port="{{ldap.port}}" Base="{{ldap.base}}" NameFilter="{{ldap.nameFilter}}" NumberFilter="{{ldap.numberFilter}}" NameAttributes="{{ldap.nameAttributes}}" NumberAttributes="{{ldap.numberAttributes}}" Version="3" MaxHits="50" />
  </ldaps>
</all>
