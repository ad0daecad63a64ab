from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UserQuerySet(models.QuerySet):
    def mentors(self):
        return self.filter(is_mentor=True, is_active=True)

    def evaluators(self):
        return self.filter(is_evaluator=True, is_active=True)


class UserManager(BaseUserManager.from_queryset(UserQuerySet)):
    use_in_migrations = True

    def create_user(self, email, password=None, **extra):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **extra):
        extra.update(is_staff=True, is_superuser=True, is_secretariat=True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who logs in with an e-mail address.

    National roles are flags because one person can be both mentor and evaluator; a person's roles in a
    region (approver, editor, viewer) are ``regions.RegionMembership`` rows.
    """

    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150)
    position = models.CharField(_("position"), max_length=150, blank=True)
    institution = models.CharField(_("institution"), max_length=150, blank=True)
    is_secretariat = models.BooleanField(
        _("secretariat"), default=False, help_text=_("National administrator of the programme.")
    )
    is_mentor = models.BooleanField(_("mentor"), default=False)
    is_evaluator = models.BooleanField(_("evaluator"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("Django admin access"), default=False)
    is_demo = models.BooleanField(_("demo data"), default=False)
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name", "email"]
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [models.UniqueConstraint(Lower("email"), name="user_email_ci_unique")]

    def __str__(self):
        return self.full_name or self.email

    def clean(self):
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()

    def get_full_name(self):
        return self.full_name

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.email

    @property
    def national_roles(self) -> list:
        roles = []
        if self.is_secretariat:
            roles.append(_("Secretariat"))
        if self.is_mentor:
            roles.append(_("Mentor"))
        if self.is_evaluator:
            roles.append(_("Evaluator"))
        return roles
